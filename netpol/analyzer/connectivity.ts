import { formatInterval, splitIntoAtoms } from './ip-blocks';
import { ALL_PORTS, intersect, isEmpty, NO_PORTS, union, type PortSet } from './ports';
import { matches, selectorKeys } from './selectors';
import { peerMatchesInterval, policySelects, rulePorts } from './rules';
import type { Direction, IpInterval, Labels, Model, NetworkPolicy, PolicyRule, Workload } from './types';
import type { ConnSet } from './conn-set';
import { listCalicoConnections } from './calico/connections';
import { hasCalicoPolicies } from './calico/evaluate';

/** A workload endpoint of a connection. `label` is np-guard's `ns/name[Kind]`. */
export interface WorkloadPeer {
  readonly type: 'workload';
  readonly workload: Workload;
  readonly label: string;
}

/** An external IPv4 range (an atom of the address space). `label` is `a.b.c.d-e.f.g.h[External]`. */
export interface ExternalPeer {
  readonly type: 'external';
  readonly interval: IpInterval;
  readonly label: string;
}

export type Peer = WorkloadPeer | ExternalPeer;

/** One ordered pair with at least one allowed port. */
export interface Connection {
  readonly src: Peer;
  readonly dst: Peer;
  /** The allowed TCP, UDP and SCTP ports. Without `conns`, ALL_PORTS stands for every protocol (Kubernetes semantics). */
  readonly ports: PortSet;
  /**
   * Set when Calico policies were evaluated: every allowed protocol (ICMP types and codes, other IP
   * protocols, and the ports again), which the listing prints instead of `ports`.
   */
  readonly conns?: ConnSet;
}

/** `ns/name[Kind]`. */
export function workloadLabel(workload: Pick<Workload, 'namespace' | 'name' | 'kind'>): string {
  return `${workload.namespace}/${workload.name}[${workload.kind}]`;
}

/** `a.b.c.d-e.f.g.h[External]`. */
export function externalLabel(interval: IpInterval): string {
  return `${formatInterval(interval)}[External]`;
}

/**
 * The external atoms for one direction: the IPv4 space split at the edges of every ipBlock in the
 * policies' rules of that direction (Ingress: possible sources; Egress: possible destinations).
 */
export function externalAtoms(model: Pick<Model, 'policies'>, direction: Direction): IpInterval[] {
  const intervals: IpInterval[] = [];
  for (const policy of model.policies) {
    for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
      for (const peer of rule.peers ?? []) if (peer.type === 'ipBlock') intervals.push(...peer.intervals);
    }
  }
  return splitIntoAtoms(intervals);
}

/** Workloads that no selector in the model can tell apart; they share every verdict. */
interface Group {
  readonly namespace: string;
  readonly representative: Workload;
  readonly members: number[];
}

/** What a rule matches, computed once per rule rather than once per pair. */
interface RuleMatch {
  readonly rule: PolicyRule;
  /** True when the rule reaches every group (no peers, or selectors that happen to match all). */
  readonly allGroups: boolean;
  readonly groups: readonly number[];
  /** Indexes into the atom list of the rule's direction. */
  readonly atoms: readonly number[];
  /** Ports towards each destination group; shared when the rule has no named ports. */
  portsTo(group: number): PortSet;
  /** Ports towards an external address. */
  readonly portsToExternal: PortSet;
}

/** The allowed ports per peer for one side of a group (what it may send to, or receive from). */
interface SideRules {
  isolated: boolean;
  /** Ports allowed to or from every group. */
  anyGroup: PortSet;
  readonly byGroup: Map<number, PortSet>;
  /** Ports per atom index, only for atoms with something allowed. */
  readonly byAtom: Map<number, PortSet>;
}

/**
 * Every allowed connection between workloads and external atoms, sorted by source then destination
 * label (byte order), without self pairs and external-to-external pairs.
 */
export function listConnections(model: Model): Connection[] {
  // Calico's tiers, Deny, Pass and other protocols need the general evaluation; without Calico
  // policies the Kubernetes-only computation below is exact (and np-guard's output byte for byte).
  if (hasCalicoPolicies(model)) return listCalicoConnections(model);
  const namespaceLabels = new Map(model.namespaces.map((n) => [n.name, n.labels]));
  const labelsOf = (namespace: string): Labels => namespaceLabels.get(namespace) ?? { 'kubernetes.io/metadata.name': namespace };
  const workloads = model.workloads;
  const { groups, groupOf } = groupWorkloads(model);
  const sourceAtoms = externalAtoms(model, 'Ingress');
  const destinationAtoms = externalAtoms(model, 'Egress');

  const groupsByNamespace = new Map<string, number[]>();
  groups.forEach((group, index) => {
    const list = groupsByNamespace.get(group.namespace) ?? [];
    list.push(index);
    groupsByNamespace.set(group.namespace, list);
  });

  const ingress = groups.map(emptySide);
  const egress = groups.map(emptySide);
  for (const policy of model.policies) {
    const selected = (groupsByNamespace.get(policy.namespace) ?? []).filter((g) => matches(policy.podSelector, groups[g].representative.labels));
    if (selected.length === 0) continue;
    if (policy.policyTypes.includes('Ingress')) {
      const rules = policy.ingress.map((rule) => matchRule(policy, rule, sourceAtoms, groups, groupsByNamespace, labelsOf));
      for (const destination of selected) {
        const side = ingress[destination];
        side.isolated = true;
        for (const match of rules) {
          const ports = match.portsTo(destination);
          if (isEmpty(ports)) continue;
          accumulate(side, match, () => ports, ports);
        }
      }
    }
    if (policy.policyTypes.includes('Egress')) {
      const rules = policy.egress.map((rule) => matchRule(policy, rule, destinationAtoms, groups, groupsByNamespace, labelsOf));
      for (const source of selected) {
        const side = egress[source];
        side.isolated = true;
        for (const match of rules) accumulate(side, match, (group) => match.portsTo(group), match.portsToExternal);
      }
    }
  }

  const workloadPeers: WorkloadPeer[] = workloads.map((workload) => ({ type: 'workload', workload, label: workloadLabel(workload) }));
  const sourceAtomPeers: ExternalPeer[] = sourceAtoms.map((interval) => ({ type: 'external', interval, label: externalLabel(interval) }));
  const destinationAtomPeers: ExternalPeer[] = destinationAtoms.map((interval) => ({ type: 'external', interval, label: externalLabel(interval) }));

  // Destinations in output order; `rank` lets a sparse candidate list be put in that order cheaply.
  type Destination = { peer: Peer; workload: number; atom: number };
  const destinations: Destination[] = [
    ...workloadPeers.map((peer, index) => ({ peer, workload: index, atom: -1 })),
    ...destinationAtomPeers.map((peer, index) => ({ peer, workload: -1, atom: index })),
  ].sort((a, b) => compareBytes(a.peer.label, b.peer.label));
  const workloadRank = new Int32Array(workloads.length);
  const atomRank = new Int32Array(destinationAtoms.length);
  destinations.forEach((d, rank) => {
    if (d.workload >= 0) workloadRank[d.workload] = rank;
    else atomRank[d.atom] = rank;
  });

  const ingressPorts = (source: number, destination: number): PortSet => {
    const side = ingress[destination];
    if (!side.isolated) return ALL_PORTS;
    const specific = side.byGroup.get(source);
    return specific === undefined ? side.anyGroup : union(side.anyGroup, specific);
  };

  type Source = { peer: Peer; workload: number; atom: number };
  const sources: Source[] = [
    ...workloadPeers.map((peer, index) => ({ peer, workload: index, atom: -1 })),
    ...sourceAtomPeers.map((peer, index) => ({ peer, workload: -1, atom: index })),
  ].sort((a, b) => compareBytes(a.peer.label, b.peer.label));

  const connections: Connection[] = [];
  for (const source of sources) {
    if (source.atom >= 0) {
      for (const destination of destinations) {
        if (destination.workload < 0) continue;
        const side = ingress[groupOf[destination.workload]];
        const ports = side.isolated ? (side.byAtom.get(source.atom) ?? NO_PORTS) : ALL_PORTS;
        if (!isEmpty(ports)) connections.push({ src: source.peer, dst: destination.peer, ports });
      }
      continue;
    }
    const sourceGroup = groupOf[source.workload];
    const out = egress[sourceGroup];
    let candidates: readonly Destination[] = destinations;
    if (out.isolated && isEmpty(out.anyGroup)) {
      // Only the destinations the egress rules name can appear, so skip the rest of the cluster.
      const ranks: number[] = [];
      for (const group of out.byGroup.keys()) for (const member of groups[group].members) ranks.push(workloadRank[member]);
      for (const atom of out.byAtom.keys()) ranks.push(atomRank[atom]);
      ranks.sort((a, b) => a - b);
      candidates = ranks.map((rank) => destinations[rank]);
    }
    for (const destination of candidates) {
      if (destination.atom >= 0) {
        const ports = out.isolated ? (out.byAtom.get(destination.atom) ?? NO_PORTS) : ALL_PORTS;
        if (!isEmpty(ports)) connections.push({ src: source.peer, dst: destination.peer, ports });
        continue;
      }
      if (destination.workload === source.workload) continue;
      const destinationGroup = groupOf[destination.workload];
      let allowedOut = ALL_PORTS;
      if (out.isolated) {
        const specific = out.byGroup.get(destinationGroup);
        allowedOut = specific === undefined ? out.anyGroup : union(out.anyGroup, specific);
        if (isEmpty(allowedOut)) continue;
      }
      const ports = intersect(allowedOut, ingressPorts(sourceGroup, destinationGroup));
      if (!isEmpty(ports)) connections.push({ src: source.peer, dst: destination.peer, ports });
    }
  }
  return connections;
}

/** Go's string `<` on ASCII labels; localeCompare would sort `-` and `[` differently. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptySide(): SideRules {
  return { isolated: false, anyGroup: NO_PORTS, byGroup: new Map(), byAtom: new Map() };
}

function accumulate(side: SideRules, match: RuleMatch, portsTo: (group: number) => PortSet, portsToExternal: PortSet): void {
  if (match.allGroups && match.rule.ports?.every((p) => typeof p.port !== 'string') !== false) {
    side.anyGroup = union(side.anyGroup, portsTo(-1));
  } else {
    for (const group of match.groups) {
      const ports = portsTo(group);
      if (isEmpty(ports)) continue;
      side.byGroup.set(group, union(side.byGroup.get(group) ?? NO_PORTS, ports));
    }
  }
  if (isEmpty(portsToExternal)) return;
  for (const atom of match.atoms) side.byAtom.set(atom, union(side.byAtom.get(atom) ?? NO_PORTS, portsToExternal));
}

function matchRule(
  policy: NetworkPolicy,
  rule: PolicyRule,
  atoms: readonly IpInterval[],
  groups: readonly Group[],
  groupsByNamespace: ReadonlyMap<string, number[]>,
  labelsOf: (namespace: string) => Labels,
): RuleMatch {
  let matched: number[];
  let matchedAtoms: number[];
  if (rule.peers === undefined) {
    matched = groups.map((_, index) => index);
    matchedAtoms = atoms.map((_, index) => index);
  } else {
    const seen = new Uint8Array(groups.length);
    matched = [];
    matchedAtoms = [];
    for (const peer of rule.peers) {
      if (peer.type === 'ipBlock') {
        atoms.forEach((atom, index) => {
          if (peerMatchesInterval(peer, atom) && !matchedAtoms.includes(index)) matchedAtoms.push(index);
        });
        continue;
      }
      const namespaces = peer.namespaceSelector === undefined ? [policy.namespace] : [...groupsByNamespace.keys()].filter((ns) => matches(peer.namespaceSelector!, labelsOf(ns)));
      for (const namespace of namespaces) {
        for (const group of groupsByNamespace.get(namespace) ?? []) {
          if (seen[group] === 1) continue;
          if (peer.podSelector !== undefined && !matches(peer.podSelector, groups[group].representative.labels)) continue;
          seen[group] = 1;
          matched.push(group);
        }
      }
    }
    matchedAtoms.sort((a, b) => a - b);
  }
  const hasNamedPorts = rule.ports?.some((p) => typeof p.port === 'string') ?? false;
  const shared = hasNamedPorts ? NO_PORTS : rulePorts(rule, undefined);
  const cache = new Map<number, PortSet>();
  return {
    rule,
    allGroups: matched.length === groups.length,
    groups: matched,
    atoms: matchedAtoms,
    portsToExternal: rulePorts(rule, undefined),
    portsTo(group: number): PortSet {
      if (!hasNamedPorts) return shared;
      let ports = cache.get(group);
      if (ports === undefined) {
        ports = rulePorts(rule, groups[group].representative);
        cache.set(group, ports);
      }
      return ports;
    },
  };
}

/**
 * Groups workloads that every selector sees alike: same namespace, same values for every label key any
 * pod selector mentions, and the same resolution of every named port the policies use.
 */
function groupWorkloads(model: Model): { groups: Group[]; groupOf: Int32Array } {
  const podKeys = new Set<string>();
  const portNames = new Set<string>();
  for (const policy of model.policies) {
    for (const key of selectorKeys(policy.podSelector)) podKeys.add(key);
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) if (peer.type === 'selector' && peer.podSelector) for (const key of selectorKeys(peer.podSelector)) podKeys.add(key);
      for (const port of rule.ports ?? []) if (typeof port.port === 'string') portNames.add(port.port);
    }
  }
  const keys = [...podKeys].sort();
  const names = [...portNames].sort();
  const groups: Group[] = [];
  const byKey = new Map<string, number>();
  const groupOf = new Int32Array(model.workloads.length);
  model.workloads.forEach((workload, index) => {
    const parts = [workload.namespace];
    for (const key of keys) parts.push(Object.prototype.hasOwnProperty.call(workload.labels, key) ? `=${workload.labels[key]}` : '!');
    for (const name of names) {
      const port = workload.ports.find((p) => p.name === name);
      parts.push(port === undefined ? '-' : `${port.containerPort}/${port.protocol}`);
    }
    const key = parts.join('\u0000');
    let group = byKey.get(key);
    if (group === undefined) {
      group = groups.length;
      byKey.set(key, group);
      groups.push({ namespace: workload.namespace, representative: workload, members: [] });
    }
    groups[group].members.push(index);
    groupOf[index] = group;
  });
  return { groups, groupOf };
}

/** Whether any policy isolates `workload` in `direction`. */
export function isIsolated(model: Pick<Model, 'policies'>, workload: Workload, direction: Direction): boolean {
  return model.policies.some((policy) => policySelects(policy, direction, workload));
}
