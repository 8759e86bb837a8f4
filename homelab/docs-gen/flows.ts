import { formatPortSet, intersect, isEmpty, union, workloadLabel } from '../../netpol/analyzer';
import type { Connection, Direction, IpInterval, Labels, Model, Peer, PortSet, Workload } from '../../netpol/analyzer';
import { matchingPeerIndex, peerMatchesInterval, policySelects, rulePorts, rulesFor } from '../../netpol/analyzer/rules';
import { describeIpBlock } from './describe';

/**
 * The analyzer's connections reduced to what the docs show: only flows into or out of a protected
 * namespace, external atoms folded into the ipBlock that admits them, and each flow traced to the
 * policies that allow it on either side.
 */

export type Endpoint =
  | { readonly kind: 'workload'; readonly key: string; readonly workload: Workload }
  | { readonly kind: 'external'; readonly key: string };

/** How one side of a flow is allowed. */
export type Side =
  | { readonly kind: 'external' }
  | { readonly kind: 'not-isolated' }
  /** `ns/name` of each policy with a rule admitting the flow. */
  | { readonly kind: 'policies'; readonly names: readonly string[] };

export interface Flow {
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly ports: PortSet;
  readonly egress: Side;
  readonly ingress: Side;
  /** The external address ranges folded into an external endpoint, for matching them against intent. */
  readonly atoms: readonly IpInterval[];
}

/** The name of an external node when no policy isolates the workload on that side. */
export const ANY_ADDRESS = 'any address';

export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface SideResult {
  readonly side: Side;
  /** When the other end is external: the ipBlocks (in words) whose rules admit it. */
  readonly blocks: readonly string[];
}

/**
 * Which policies of `self`'s side admit the connection, and through which ipBlocks when `other` is
 * external. Uses the analyzer's own rule semantics (analyzer/rules.ts), so the attribution cannot
 * disagree with the listing.
 */
function attribute(model: Model, labelsOf: (ns: string) => Labels, direction: Direction, self: Peer, other: Peer, ports: PortSet): SideResult {
  if (self.type === 'external') return { side: { kind: 'external' }, blocks: [] };
  const selecting = model.policies.filter((p) => policySelects(p, direction, self.workload));
  if (selecting.length === 0) return { side: { kind: 'not-isolated' }, blocks: [ANY_ADDRESS] };
  const destination = direction === 'Egress' ? (other.type === 'workload' ? other.workload : undefined) : self.workload;
  const names = new Set<string>();
  const blocks = new Set<string>();
  for (const policy of selecting) {
    for (const rule of rulesFor(policy, direction)) {
      if (isEmpty(intersect(rulePorts(rule, destination), ports))) continue;
      if (other.type === 'workload') {
        const index = matchingPeerIndex(rule, policy.namespace, { workload: other.workload, namespaceLabels: labelsOf(other.workload.namespace) });
        if (index === -1) continue;
      } else if (rule.peers === undefined) {
        blocks.add(ANY_ADDRESS);
      } else {
        const admitting = rule.peers.filter((peer) => peerMatchesInterval(peer, other.interval));
        if (admitting.length === 0) continue;
        for (const peer of admitting) if (peer.type === 'ipBlock') blocks.add(describeIpBlock(peer));
      }
      names.add(`${policy.namespace}/${policy.name}`);
    }
  }
  return { side: { kind: 'policies', names: [...names].sort(compareBytes) }, blocks: [...blocks].sort(compareBytes) };
}

function endpoint(peer: Peer, blocks: readonly string[]): Endpoint {
  if (peer.type === 'workload') return { kind: 'workload', key: workloadLabel(peer.workload), workload: peer.workload };
  // Blocks can overlap (one atom admitted by two ipBlocks): the node then names all of them.
  return { kind: 'external', key: blocks.length === 0 ? peer.label : blocks.join(' + ') };
}

function mergeSides(a: Side, b: Side): Side {
  if (a.kind !== 'policies' || b.kind !== 'policies') return a;
  return { kind: 'policies', names: [...new Set([...a.names, ...b.names])].sort(compareBytes) };
}

export function isProtected(endpoint: Endpoint, protectedNamespaces: ReadonlySet<string>): boolean {
  return endpoint.kind === 'workload' && protectedNamespaces.has(endpoint.workload.namespace);
}

/** Flows touching a protected namespace, sorted by source then destination (byte order). */
export function protectedFlows(model: Model, connections: readonly Connection[], protectedNamespaces: readonly string[]): Flow[] {
  const wanted = new Set(protectedNamespaces);
  const namespaceLabels = new Map(model.namespaces.map((n) => [n.name, n.labels]));
  const labelsOf = (namespace: string): Labels => namespaceLabels.get(namespace) ?? { 'kubernetes.io/metadata.name': namespace };
  const touches = (peer: Peer) => peer.type === 'workload' && wanted.has(peer.workload.namespace);
  const merged = new Map<string, Flow>();
  for (const c of connections) {
    if (!touches(c.src) && !touches(c.dst)) continue;
    const egress = attribute(model, labelsOf, 'Egress', c.src, c.dst, c.ports);
    const ingress = attribute(model, labelsOf, 'Ingress', c.dst, c.src, c.ports);
    const src = endpoint(c.src, ingress.blocks);
    const dst = endpoint(c.dst, egress.blocks);
    const atoms = [c.src, c.dst].flatMap((peer) => (peer.type === 'external' ? [peer.interval] : []));
    const key = `${src.key}\u0000${dst.key}`;
    const previous = merged.get(key);
    merged.set(key, previous === undefined
      ? { src, dst, ports: c.ports, egress: egress.side, ingress: ingress.side, atoms }
      : {
        src,
        dst,
        ports: union(previous.ports, c.ports),
        egress: mergeSides(previous.egress, egress.side),
        ingress: mergeSides(previous.ingress, ingress.side),
        atoms: [...previous.atoms, ...atoms],
      });
  }
  return [...merged.values()].sort((a, b) => compareBytes(a.src.key, b.src.key) || compareBytes(a.dst.key, b.dst.key));
}

/** `TCP 53,UDP 53`, the analyzer's notation, so the docs read like `netpol list`. */
export function flowPorts(flow: Pick<Flow, 'ports'>): string {
  return formatPortSet(flow.ports);
}
