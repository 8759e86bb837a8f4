/**
 * Jest support for connectivity tests that read like the seed's checklist:
 *
 *   const { flow } = loadCluster(['dist', 'inventory/workloads.yaml']);
 *   expect.extend(netpolMatchers);
 *   expect(flow('velero/velero', 'localstack/localstack', 'TCP/4566')).toBeAllowed();
 *   expect(flow('default/test-pod', 'localstack/localstack', 'TCP/4566')).toBeDenied();
 *
 * A failing expectation prints the `netpol explain` text, which names the policies and rules that
 * decide the flow. This is test support, not the analyzer: it may read files (readManifests only).
 */
import * as path from 'node:path';
import { explain, formatExplanation, loadManifests, type Explanation, type ManifestSource, type Model, type Protocol } from '../analyzer';
import { readSources } from '../cli/netpol';
import { diskYamlCache } from '../cli/yaml-cache';

/** Relative paths given to loadCluster are resolved from here, so tests work from any directory. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** `'TCP/4566'`, `'UDP/53'`: one port, protocol first, as the connectivity spec writes ports. */
export type FlowPort = `${Protocol}/${number}`;

/** One connection on one port, already explained against the cluster's policies. */
export class NetpolFlow {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly explanation: Explanation,
  ) {}

  get allowed(): boolean {
    return this.explanation.allowed;
  }

  /** `velero/velero[Deployment] => localstack/localstack[Deployment] on TCP 4566` */
  get description(): string {
    return `${this.explanation.from} => ${this.explanation.to} on ${this.explanation.protocol} ${this.explanation.port}`;
  }
}

export interface Cluster {
  readonly model: Model;
  /**
   * The flow from one peer to another: `ns/name`, `ns/name[Kind]` or an IPv4 address (an address
   * outside the cluster). Throws at once, naming the peer, when a workload is not in the model.
   */
  flow(from: string, to: string, port: FlowPort): NetpolFlow;
}

/** The one place that reads files: manifest files and folders, relative to REPO_ROOT. */
export function readManifests(paths: readonly string[]): ManifestSource[] {
  return readSources(paths, REPO_ROOT);
}

/** Loads the policies and workloads once; call it at the top of a test file. */
export function loadCluster(paths: readonly string[]): Cluster {
  return clusterOf(loadManifests(readManifests(paths), { yamlCache: diskYamlCache() }));
}

/** A Cluster over a model built elsewhere (e.g. from synthetic manifests in a unit test). */
export function clusterOf(model: Model): Cluster {
  return {
    model,
    // An arrow function, so `const { flow } = loadCluster(…)` works.
    flow: (from: string, to: string, port: FlowPort): NetpolFlow => {
      const { protocol, number } = parseFlowPort(port);
      try {
        return new NetpolFlow(from, to, explain(model, { from, to, port: number, protocol }));
      } catch (error) {
        throw new Error(`Cannot check ${from} => ${to} on ${port}: ${(error as Error).message}`);
      }
    },
  };
}

function parseFlowPort(port: string): { protocol: Protocol; number: number } {
  const match = /^(TCP|UDP|SCTP)\/(\d{1,5})$/.exec(port);
  const number = match === null ? NaN : Number(match[2]);
  if (match === null || number < 1 || number > 65535) {
    throw new Error(`Port "${port}" is not PROTOCOL/PORT with a port from 1 to 65535; write it like 'TCP/4566' or 'UDP/53'.`);
  }
  return { protocol: match[1] as Protocol, number };
}

function asFlow(received: unknown, matcher: string): NetpolFlow {
  if (received instanceof NetpolFlow) return received;
  const what = received === null ? 'null' : typeof received === 'object' ? `an object (${JSON.stringify(received)?.slice(0, 80)})` : `${typeof received} ${String(received)}`;
  throw new Error(`${matcher}() expects a flow from cluster.flow(from, to, port), but got ${what}. Wrap the connection in flow(…).`);
}

function verdict(received: unknown, matcher: string, wantAllowed: boolean, isNot: boolean): jest.CustomMatcherResult {
  const flow = asFlow(received, matcher);
  const pass = flow.allowed === wantAllowed;
  // Under .not, jest reports a failure when pass is true, so the message describes the opposite wish.
  const expectAllowed = isNot ? !wantAllowed : wantAllowed;
  return {
    pass,
    message: () =>
      `Expected ${flow.description} to be ${expectAllowed ? 'allowed' : 'denied'}, but the policies ${flow.allowed ? 'allow' : 'deny'} it.\n\n` +
      formatExplanation(flow.explanation),
  };
}

/** Register with `expect.extend(netpolMatchers)`. */
export const netpolMatchers = {
  toBeAllowed(this: jest.MatcherContext, received: unknown): jest.CustomMatcherResult {
    return verdict(received, 'toBeAllowed', true, this.isNot === true);
  },
  toBeDenied(this: jest.MatcherContext, received: unknown): jest.CustomMatcherResult {
    return verdict(received, 'toBeDenied', false, this.isNot === true);
  },
};

declare global {
  namespace jest {
    // The type parameters must match @types/jest's declaration for the interfaces to merge.
    interface Matchers<R, T = {}> {
      /** The policies allow this flow (both the sender's egress and the receiver's ingress). */
      toBeAllowed(): R;
      /** The policies deny this flow on at least one side. */
      toBeDenied(): R;
    }
  }
}
