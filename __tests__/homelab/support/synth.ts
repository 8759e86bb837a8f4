import * as fs from 'fs';
import type { HomelabApp } from '../../../homelab/app';
import type { DeclaredFlow } from '../../../homelab/spec/declared-flows';

// The app's modules (cdk8s among them) are loaded on first use: a test file that reads only the shared
// synth does not load them at all.
/* eslint-disable @typescript-eslint/no-require-imports */
const cdk8s = () => require('cdk8s') as typeof import('cdk8s');

/**
 * The homelab's app as main.ts composes it, resolved once per test file: flows put policies into both
 * ends' charts, so a namespace's objects are only complete in the whole app.
 */
let cached: HomelabApp | undefined;
export function homelabApp(): HomelabApp {
  if (cached === undefined) {
    const { buildApp } = require('../../../main') as typeof import('../../../main');
    cached = buildApp({ outdir: '/nonexistent-test-outdir' });
    cached.resolve();
  }
  return cached;
}

/**
 * The synthesized objects of one namespace's chart: its own rules in construction order, then the flows'
 * policies (added when the app resolves) by name. Read from the one synth jest's global setup wrote
 * (scripts/jest-global-setup.js), so a test file that only reads objects does not build the app; built
 * here where that synth is not there (a test run without the setup).
 */
export function namespaceObjects(namespace: string): any[] {
  const shared = sharedSynth();
  if (shared !== undefined) {
    if ('error' in shared) throw new Error(`The app did not build: ${shared.error}`);
    const objects = shared.charts[namespace];
    if (objects === undefined) throw new Error(`Namespace ${namespace} is not composed in main.ts.`);
    return objects;
  }
  const chart = homelabApp().node.tryFindChild(namespace);
  if (!(chart instanceof cdk8s().Chart)) {
    throw new Error(`Namespace ${namespace} is not composed in main.ts.`);
  }
  return cdk8s().Testing.synth(chart);
}

/**
 * Every chart's synthesized objects, chart after chart: what dist/ holds (CI's gate, .ci/run, fails
 * when dist/ differs from a fresh synth), without reading and parsing its files.
 */
export function synthesizedObjects(): any[] {
  const shared = sharedSynth();
  if (shared !== undefined) {
    if ('error' in shared) throw new Error(`The app did not build: ${shared.error}`);
    return Object.values(shared.charts).flat();
  }
  return homelabApp().node.children.filter((child) => child instanceof cdk8s().Chart).flatMap((chart) => cdk8s().Testing.synth(chart as import('cdk8s').Chart));
}

type SharedSynth = { charts: Record<string, any[]>; facts: AppFacts } | { error: string };
let shared: SharedSynth | null | undefined;
function sharedSynth(): SharedSynth | undefined {
  if (shared === undefined) {
    const file = process.env.NETPOL_TEST_SYNTH;
    shared = null;
    // Absent without the global setup, or pruned by a run on other sources meanwhile: built here then.
    try {
      if (file !== undefined) shared = JSON.parse(fs.readFileSync(file, 'utf-8')) as SharedSynth;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return shared ?? undefined;
}

/** Pods as a flow names them: a namespace, and labels unless every pod of it. */
export interface PodsFact {
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A declared flow as plain data: its ends, its declared ports (without the HBONE port), where it is declared. */
export interface FlowFact {
  readonly from: PodsFact;
  readonly to: PodsFact;
  readonly ports: readonly { readonly protocol: string; readonly port?: number | string; readonly endPort?: number }[];
  readonly declaredIn: string;
  readonly declaredAs: string;
}

/** What tests read of the app besides its objects, as plain data: the shared synth carries it. */
export interface AppFacts {
  /** The protected namespaces, in composition order, each with the flows its props declare. */
  readonly protectedNamespaces: readonly { readonly name: string; readonly flows: readonly FlowFact[] }[];
  /**
   * The app's flows as the spec's plain data, with the HBONE port where both ends are in the mesh, and every
   * protected namespace's DNS lookups (dnsEgressFlows), which kube-system, protected too, admits.
   */
  readonly declaredFlows: readonly DeclaredFlow[];
}

const podsFact = (pods: PodsFact): PodsFact => ({ namespace: pods.namespace, ...(pods.labels === undefined ? {} : { labels: { ...pods.labels } }) });
const portFact = (port: { protocol: string; port?: number | string; endPort?: number }) => ({
  protocol: port.protocol,
  ...(port.port === undefined ? {} : { port: port.port }),
  ...(port.endPort === undefined ? {} : { endPort: port.endPort }),
});

/** An app's facts (jest's global setup writes them beside the charts; the fallback reads them here). */
export function factsOf(app: HomelabApp): AppFacts {
  const { dnsEgressFlows } = require('../../../homelab/spec/declared-flows') as typeof import('../../../homelab/spec/declared-flows');
  const { meshPorts } = require('../../../constructs') as typeof import('../../../constructs');
  const resolved = app.resolve();
  return {
    protectedNamespaces: app.protectedNamespaces.map((namespace) => ({
      name: namespace.name,
      flows: namespace.flows.map((flow) => ({ from: podsFact(flow.from), to: podsFact(flow.to), ports: flow.ports.map(portFact), declaredIn: flow.declaredIn, declaredAs: flow.declaredAs })),
    })),
    declaredFlows: [...resolved.flows.map((flow) => ({
      from: podsFact(flow.from),
      to: podsFact(flow.to),
      ports: meshPorts(flow.ports, flow.from.namespace, flow.to.namespace, app.ambientEnrolledNamespaces)
        .map((port) => ({ protocol: port.protocol, port: port.port, ...(port.endPort === undefined ? {} : { endPort: port.endPort }) })),
      where: `${flow.declaredIn} ${flow.declaredAs}`,
    })), ...dnsEgressFlows(app.protectedNamespaceNames)],
  };
}

/** The app's facts: from the shared synth, or from the app built here where there is none. */
export function appFacts(): AppFacts {
  const shared = sharedSynth();
  if (shared !== undefined) {
    if ('error' in shared) throw new Error(`The app did not build: ${shared.error}`);
    return shared.facts;
  }
  return factsOf(homelabApp());
}

/** The names of the protected namespaces, in composition order. */
export function protectedNamespaceNames(): string[] {
  return appFacts().protectedNamespaces.map((namespace) => namespace.name);
}

/** See AppFacts.declaredFlows. */
export function declaredFlows(): DeclaredFlow[] {
  return [...appFacts().declaredFlows];
}
