import { intersectConns, isEmptyConns, toPortSet, type ConnSet } from '../conn-set';
import { externalLabel, workloadLabel, type Connection, type ExternalPeer, type Peer, type WorkloadPeer } from '../connectivity';
import { splitIntoAtoms } from '../ip-blocks';
import { selectorKeys } from '../selectors';
import type { IpInterval, Model, Workload } from '../types';
import { allowedConns, buildEvaluation, tiersFor, type CalicoEvaluation, type Endpoint, type TierStep } from './evaluate';

/**
 * The listing with Calico evaluated: the same pairs, order and labels as the Kubernetes-only listing,
 * each connection carrying every protocol Calico can allow (`conns`). Endpoints that no selector,
 * namespace, service account or named port tells apart are evaluated once, as one group.
 */
export function listCalicoConnections(model: Model, evaluation: CalicoEvaluation = buildEvaluation(model)): Connection[] {
  const { groups, groupOf } = groupEndpoints(model, evaluation);
  const k8sIngress: IpInterval[] = [];
  const k8sEgress: IpInterval[] = [];
  for (const policy of model.policies) {
    for (const rule of policy.ingress) for (const peer of rule.peers ?? []) if (peer.type === 'ipBlock') k8sIngress.push(...peer.intervals);
    for (const rule of policy.egress) for (const peer of rule.peers ?? []) if (peer.type === 'ipBlock') k8sEgress.push(...peer.intervals);
  }
  const sourceAtoms = splitIntoAtoms([...k8sIngress, ...evaluation.ingressIntervals]);
  const destinationAtoms = splitIntoAtoms([...k8sEgress, ...evaluation.egressIntervals]);

  const representative = groups.map((g) => evaluation.endpoints[g[0]]);
  const egressSteps = representative.map((e) => tiersFor(evaluation, e, 'Egress'));
  const ingressSteps = representative.map((e) => tiersFor(evaluation, e, 'Ingress'));

  const pairCache = new Map<number, ConnSet>();
  const groupCount = groups.length;
  const between = (s: number, d: number): ConnSet => {
    const key = s * groupCount + d;
    let conns = pairCache.get(key);
    if (conns === undefined) {
      const out = allowedConns(egressSteps[s], 'Egress', representative[s], { type: 'endpoint', endpoint: representative[d] });
      conns = isEmptyConns(out) ? out : intersectConns(out, allowedConns(ingressSteps[d], 'Ingress', representative[d], { type: 'endpoint', endpoint: representative[s] }));
      pairCache.set(key, conns);
    }
    return conns;
  };
  const toAtom = (s: number, atom: IpInterval) => allowedConns(egressSteps[s], 'Egress', representative[s], { type: 'external', interval: atom });
  const fromAtom = (d: number, atom: IpInterval) => allowedConns(ingressSteps[d], 'Ingress', representative[d], { type: 'external', interval: atom });

  const workloadPeers: WorkloadPeer[] = model.workloads.map((workload) => ({ type: 'workload', workload, label: workloadLabel(workload) }));
  type Entry = { peer: Peer; workload: number; atom: number };
  const byLabel = (a: Entry, b: Entry) => (a.peer.label < b.peer.label ? -1 : a.peer.label > b.peer.label ? 1 : 0);
  const atomPeer = (interval: IpInterval): ExternalPeer => ({ type: 'external', interval, label: externalLabel(interval) });
  const sources: Entry[] = [...workloadPeers.map((peer, i) => ({ peer, workload: i, atom: -1 })), ...sourceAtoms.map((a, i) => ({ peer: atomPeer(a) as Peer, workload: -1, atom: i }))].sort(byLabel);
  const destinations: Entry[] = [...workloadPeers.map((peer, i) => ({ peer, workload: i, atom: -1 })), ...destinationAtoms.map((a, i) => ({ peer: atomPeer(a) as Peer, workload: -1, atom: i }))].sort(byLabel);

  const fromAtomCache = new Map<number, ConnSet>();
  const toAtomCache = new Map<number, ConnSet>();
  const connections: Connection[] = [];
  const push = (src: Peer, dst: Peer, conns: ConnSet) => {
    if (!isEmptyConns(conns)) connections.push({ src, dst, ports: toPortSet(conns), conns });
  };
  for (const source of sources) {
    if (source.atom >= 0) {
      for (const destination of destinations) {
        if (destination.workload < 0) continue;
        const d = groupOf[destination.workload];
        const key = d * sourceAtoms.length + source.atom;
        let conns = fromAtomCache.get(key);
        if (conns === undefined) {
          conns = fromAtom(d, sourceAtoms[source.atom]);
          fromAtomCache.set(key, conns);
        }
        push(source.peer, destination.peer, conns);
      }
      continue;
    }
    const s = groupOf[source.workload];
    for (const destination of destinations) {
      if (destination.atom >= 0) {
        const key = s * destinationAtoms.length + destination.atom;
        let conns = toAtomCache.get(key);
        if (conns === undefined) {
          conns = toAtom(s, destinationAtoms[destination.atom]);
          toAtomCache.set(key, conns);
        }
        push(source.peer, destination.peer, conns);
        continue;
      }
      if (destination.workload === source.workload) continue;
      push(source.peer, destination.peer, between(s, groupOf[destination.workload]));
    }
  }
  return connections;
}

/**
 * Groups workloads every selector sees alike: namespace, service account, the values of every label
 * key a Kubernetes or Calico selector (or a named Service's selector) mentions, and the resolution of
 * every named port.
 */
function groupEndpoints(model: Model, evaluation: CalicoEvaluation): { groups: number[][]; groupOf: Int32Array } {
  const keys = new Set(evaluation.podLabelKeys);
  const names = new Set(evaluation.portNames);
  for (const policy of model.policies) {
    for (const key of selectorKeys(policy.podSelector)) keys.add(key);
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) if (peer.type === 'selector' && peer.podSelector) for (const key of selectorKeys(peer.podSelector)) keys.add(key);
      for (const port of rule.ports ?? []) if (typeof port.port === 'string') names.add(port.port);
    }
  }
  const keyList = [...keys].sort();
  const nameList = [...names].sort();
  const groups: number[][] = [];
  const byKey = new Map<string, number>();
  const groupOf = new Int32Array(model.workloads.length);
  model.workloads.forEach((workload: Workload, index) => {
    const endpoint: Endpoint = evaluation.endpoints[index];
    const parts = [workload.namespace, endpoint.serviceAccount];
    for (const key of keyList) parts.push(Object.prototype.hasOwnProperty.call(workload.labels, key) ? `=${workload.labels[key]}` : '!');
    for (const name of nameList) {
      parts.push(workload.ports.filter((p) => p.name === name).map((p) => `${p.containerPort}/${p.protocol}`).join('+') || '-');
    }
    const key = parts.join('\u0000');
    let group = byKey.get(key);
    if (group === undefined) {
      group = groups.length;
      byKey.set(key, group);
      groups.push([]);
    }
    groups[group].push(index);
    groupOf[index] = group;
  });
  return { groups, groupOf };
}

export type { TierStep };
