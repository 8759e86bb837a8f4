import { contains, type Protocol } from '../../netpol/analyzer';
import { intervalInside, isCidrProblem, parseCidr, subtractIntervals } from '../../netpol/analyzer/ip-blocks';
import type { IpInterval } from '../../netpol/analyzer';
import type { Endpoint, Flow } from './flows';

/**
 * The declared flows (and known gaps) as the docs read them. Declared structurally here so the rendering
 * stays testable on small hand-written inputs and imports neither the constructs nor the app.
 */
export type IntentPeer =
  | { readonly pods: { readonly namespace: string; readonly name: string; readonly labels?: Readonly<Record<string, string>> } }
  | { readonly namespace: string }
  | { readonly workload: string }
  | { readonly role: string }
  | { readonly cidr: string; readonly except?: readonly string[] };

export interface IntentEntry {
  readonly peer: IntentPeer;
  /** `TCP/4566`, `UDP/53`, `TCP/8000-8100`. */
  readonly ports: readonly string[];
  readonly why: string;
  /** Names of the namespace's workloads the entry is for; absent: all of them. */
  readonly appliesTo?: readonly string[];
}

export interface IntentNamespace {
  readonly summary: string;
  readonly ingress: readonly IntentEntry[];
  readonly egress: readonly IntentEntry[];
}

export interface IntentGap {
  readonly title: string;
  readonly why: string;
  readonly deniedFlows: readonly { readonly from: string; readonly to: string; readonly port: string }[];
}

export interface Intent {
  readonly roles: Readonly<Record<string, readonly string[]>>;
  readonly namespaces: Readonly<Record<string, IntentNamespace>>;
  readonly knownGaps: readonly IntentGap[];
}

/** One declared flow, as intentFromFlows reads it (structurally: the app's Flow fits). */
export interface IntentFlow {
  readonly from: { readonly namespace: string; readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  readonly to: { readonly namespace: string; readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  /** `TCP/4566`, with the HBONE port where it applies. */
  readonly ports: readonly string[];
  /** Who declared it and where, e.g. `loki egressTo[1] (homelab/namespaces/loki.ts)`. */
  readonly declaredBy: string;
}

/**
 * The intent of each protected namespace: every declared flow that starts or ends there, ingress and
 * egress, with the workloads of the inventory it is for and who declared it.
 */
export function intentFromFlows(
  flows: readonly IntentFlow[],
  protectedNamespaces: readonly { readonly name: string; readonly declaredIn?: string }[],
  workloads: readonly { readonly namespace: string; readonly name: string; readonly labels: Readonly<Record<string, string>> }[],
  knownGaps: readonly IntentGap[],
): Intent {
  const appliesTo = (pods: IntentFlow['from']): readonly string[] | undefined => (pods.labels === undefined ? undefined : workloads
    .filter((w) => w.namespace === pods.namespace && Object.entries(pods.labels ?? {}).every(([key, value]) => w.labels[key] === value))
    .map((w) => w.name));
  const namespaces: Record<string, IntentNamespace> = {};
  for (const namespace of protectedNamespaces) {
    namespaces[namespace.name] = {
      summary: namespace.declaredIn === undefined ? '' : `Declared in \`${namespace.declaredIn}\`.`,
      ingress: flows.filter((flow) => flow.to.namespace === namespace.name)
        .map((flow) => ({ peer: { pods: flow.from }, ports: flow.ports, why: `declared by ${flow.declaredBy}`, appliesTo: appliesTo(flow.to) })),
      egress: flows.filter((flow) => flow.from.namespace === namespace.name)
        .map((flow) => ({ peer: { pods: flow.to }, ports: flow.ports, why: `declared by ${flow.declaredBy}`, appliesTo: appliesTo(flow.from) })),
    };
  }
  return { roles: {}, namespaces, knownGaps };
}

export function describeIntentPeer(peer: IntentPeer): string {
  if ('pods' in peer) {
    const { namespace, name, labels } = peer.pods;
    return labels === undefined ? `every workload in \`${namespace}\`` : `${name} in \`${namespace}\` (${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')})`;
  }
  if ('namespace' in peer) return `every workload in \`${peer.namespace}\``;
  if ('workload' in peer) return `\`${peer.workload}\``;
  if ('role' in peer) return `${peer.role}`;
  return peer.except === undefined || peer.except.length === 0 ? peer.cidr : `${peer.cidr} except ${peer.except.join(', ')}`;
}

const SPEC_PORT = /^(TCP|UDP|SCTP)\/(\d+)(?:-(\d+))?$/;

function portOverlaps(specPort: string, flow: Pick<Flow, 'ports'>): boolean {
  const match = SPEC_PORT.exec(specPort);
  if (match === null) throw new Error(`Spec port "${specPort}" is not PROTOCOL/PORT or PROTOCOL/START-END, e.g. "TCP/4566".`);
  const protocol = match[1] as Protocol;
  const start = Number(match[2]);
  const end = match[3] === undefined ? start : Number(match[3]);
  // Spec ranges are short (a few ports), so probing each port is simpler than building a PortSet.
  for (let port = start; port <= end; port++) if (contains(flow.ports, protocol, port)) return true;
  return false;
}

function cidrIntervals(cidr: string, except: readonly string[]): IpInterval[] {
  const block = parseCidr(cidr);
  if (isCidrProblem(block) || block.family !== 'ipv4') throw new Error(`Spec CIDR "${cidr}" is not an IPv4 block.`);
  const holes = except.map((text) => {
    const hole = parseCidr(text);
    if (isCidrProblem(hole) || hole.family !== 'ipv4') throw new Error(`Spec except "${text}" is not an IPv4 block.`);
    return hole.interval;
  });
  return subtractIntervals(block.interval, holes);
}

function peerMatches(peer: IntentPeer, other: Endpoint, atoms: readonly IpInterval[], roles: Intent['roles']): boolean {
  if (other.kind === 'external') {
    if (!('cidr' in peer)) return false;
    const inside = cidrIntervals(peer.cidr, peer.except ?? []);
    return atoms.length > 0 && atoms.every((atom) => intervalInside(atom, inside));
  }
  const w = other.workload;
  if ('pods' in peer) {
    return w.namespace === peer.pods.namespace && Object.entries(peer.pods.labels ?? {}).every(([key, value]) => w.labels[key] === value);
  }
  if ('namespace' in peer) return w.namespace === peer.namespace;
  const names = 'workload' in peer ? [peer.workload] : 'role' in peer ? roles[peer.role] ?? [] : [];
  return names.some((name) => name === `${w.namespace}/${w.name}` || name === `${w.namespace}/${w.name}[${w.kind}]`);
}

/**
 * The `why` of every intent entry that covers the flow: the destination's ingress entries and the
 * source's egress entries (a flow between two protected namespaces shows on both sides; it is listed once).
 */
export function whyOf(flow: Flow, intent: Intent): string[] {
  const reasons: string[] = [];
  const consider = (self: Endpoint, other: Endpoint, direction: 'ingress' | 'egress') => {
    if (self.kind !== 'workload') return;
    const ns = intent.namespaces[self.workload.namespace];
    if (ns === undefined) return;
    for (const entry of ns[direction]) {
      if (entry.appliesTo !== undefined && !entry.appliesTo.includes(self.workload.name)) continue;
      if (peerMatches(entry.peer, other, flow.atoms, intent.roles) && entry.ports.some((p) => portOverlaps(p, flow))) {
        if (!reasons.includes(entry.why)) reasons.push(entry.why);
      }
    }
  };
  consider(flow.src, flow.dst, 'egress');
  consider(flow.dst, flow.src, 'ingress');
  return reasons;
}
