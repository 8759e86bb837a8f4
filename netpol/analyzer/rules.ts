import { intervalInside } from './ip-blocks';
import { ALL_PORTS, NO_PORTS, portRange, union, wholeProtocol, type PortSet } from './ports';
import { matches } from './selectors';
import type { Direction, IpInterval, Labels, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, Workload } from './types';

/**
 * The single definition of NetworkPolicy semantics. Both the fast listing and `explain` call these, so
 * they cannot disagree.
 */

/** Whether `policy` isolates `workload` in `direction` (it is in the policy's namespace, selected, and the type applies). */
export function policySelects(policy: NetworkPolicy, direction: Direction, workload: Workload): boolean {
  return policy.policyTypes.includes(direction) && policy.namespace === workload.namespace && matches(policy.podSelector, workload.labels);
}

/** Whether a rule peer matches a workload; ipBlocks never match pods. */
export function peerMatchesWorkload(peer: PolicyPeer, policyNamespace: string, workload: Workload, namespaceLabels: Labels): boolean {
  if (peer.type === 'ipBlock') return false;
  if (peer.namespaceSelector === undefined) {
    if (workload.namespace !== policyNamespace) return false;
  } else if (!matches(peer.namespaceSelector, namespaceLabels)) {
    return false;
  }
  return peer.podSelector === undefined || matches(peer.podSelector, workload.labels);
}

/** Whether a rule peer matches a whole external interval (an atom, or a single address). */
export function peerMatchesInterval(peer: PolicyPeer, interval: IpInterval): boolean {
  return peer.type === 'ipBlock' && intervalInside(interval, peer.intervals);
}

/** Index of the first peer of `rule` matching the workload; -1 for none; undefined when the rule has no peers (matches all). */
export function matchingPeerIndex(rule: PolicyRule, policyNamespace: string, target: { workload: Workload; namespaceLabels: Labels } | { interval: IpInterval }): number | undefined {
  if (rule.peers === undefined) return undefined;
  return rule.peers.findIndex((peer) =>
    'workload' in target ? peerMatchesWorkload(peer, policyNamespace, target.workload, target.namespaceLabels) : peerMatchesInterval(peer, target.interval),
  );
}

/**
 * The ports one port entry allows towards `destination`. Named ports resolve against the destination's
 * first container port of that name and must agree on protocol; an external destination has no named ports.
 */
export function portEntryPorts(entry: PolicyPort, destination: Workload | undefined): PortSet {
  if (entry.port === undefined) return wholeProtocol(entry.protocol);
  if (typeof entry.port === 'number') return portRange(entry.protocol, entry.port, entry.endPort ?? entry.port);
  const named = destination?.ports.find((p) => p.name === entry.port);
  if (named === undefined || named.protocol !== entry.protocol) return NO_PORTS;
  return portRange(entry.protocol, named.containerPort);
}

/** The ports a rule allows towards `destination` (undefined: an external address). */
export function rulePorts(rule: PolicyRule, destination: Workload | undefined): PortSet {
  if (rule.ports === undefined) return ALL_PORTS;
  let result = NO_PORTS;
  for (const entry of rule.ports) result = union(result, portEntryPorts(entry, destination));
  return result;
}

/** The rules of a policy for one direction. */
export function rulesFor(policy: NetworkPolicy, direction: Direction): readonly PolicyRule[] {
  return direction === 'Ingress' ? policy.ingress : policy.egress;
}
