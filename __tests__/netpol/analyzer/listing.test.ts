import { formatConnections, listConnections, loadManifests, type Connection, type Model } from '../../../netpol/analyzer';
import { fromPortSet, formatConnSet, intersectConns, isEmptyConns, ALL_CONNS, type ConnSet } from '../../../netpol/analyzer/conn-set';
import { externalAtoms, externalLabel, workloadLabel } from '../../../netpol/analyzer/connectivity';
import { allowedConns, buildEvaluation, tiersFor, type EvalPeer } from '../../../netpol/analyzer/calico/evaluate';
import { splitIntoAtoms } from '../../../netpol/analyzer/ip-blocks';
import { ALL_PORTS, formatPortSet, intersect, isEmpty, NO_PORTS, union, type PortSet } from '../../../netpol/analyzer/ports';
import { matchingPeerIndex, policySelects, rulePorts, rulesFor } from '../../../netpol/analyzer/rules';
import type { Direction, IpInterval, Workload } from '../../../netpol/analyzer/types';
import { random } from '../../../scripts/bench-clusters';
import { deployment, modelOf, namespace, networkPolicy } from './harness';

/**
 * The listing (listing.ts: bitsets per rule part, classes of endpoints, memoised verdicts, candidate
 * pairs) against the definitions it must agree with, pair by pair, on random clusters: for Kubernetes
 * policies alone the NetworkPolicy semantics of rules.ts, for Calico Felix's walk (allowedConns).
 */

/** The Kubernetes definition for one pair: each side isolated or not, and the union of its admitting rules' ports. */
function kubernetesListing(model: Model): string {
  const labels = new Map(model.namespaces.map((n) => [n.name, n.labels]));
  const namespaceLabels = (ns: string) => labels.get(ns) ?? { 'kubernetes.io/metadata.name': ns };
  const side = (subject: Workload, direction: Direction, other: { workload: Workload } | { interval: IpInterval }, destination: Workload | undefined): PortSet => {
    const selecting = model.policies.filter((p) => policySelects(p, direction, subject));
    if (selecting.length === 0) return ALL_PORTS;
    let ports = NO_PORTS;
    for (const policy of selecting) {
      for (const rule of rulesFor(policy, direction)) {
        const target = 'workload' in other ? { workload: other.workload, namespaceLabels: namespaceLabels(other.workload.namespace) } : other;
        if (matchingPeerIndex(rule, policy.namespace, target) === -1) continue;
        ports = union(ports, rulePorts(rule, destination));
      }
    }
    return ports;
  };
  type Entry = { label: string; workload?: Workload; interval?: IpInterval };
  const byLabel = (a: Entry, b: Entry) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  const workloads: Entry[] = model.workloads.map((workload) => ({ label: workloadLabel(workload), workload }));
  const atoms = (direction: Direction): Entry[] => externalAtoms(model, direction).map((interval) => ({ label: externalLabel(interval), interval }));
  const sources = [...workloads, ...atoms('Ingress')].sort(byLabel);
  const destinations = [...workloads, ...atoms('Egress')].sort(byLabel);
  const lines: string[] = [];
  for (const s of sources) {
    for (const d of destinations) {
      if (s === d || (s.workload === undefined && d.workload === undefined)) continue;
      const out = s.workload === undefined ? ALL_PORTS : side(s.workload, 'Egress', d.workload !== undefined ? { workload: d.workload } : { interval: d.interval! }, d.workload);
      const into = d.workload === undefined ? ALL_PORTS : side(d.workload, 'Ingress', s.workload !== undefined ? { workload: s.workload } : { interval: s.interval! }, d.workload);
      const ports = intersect(out, into);
      if (!isEmpty(ports)) lines.push(`${s.label} => ${d.label} : ${formatPortSet(ports)}\n`);
    }
  }
  return lines.join('');
}

/** Felix's definition for one pair: allowedConns over tiersFor on each side, for every pair and atom. */
function calicoListing(model: Model): string {
  const evaluation = buildEvaluation(model);
  const k8s = (direction: Direction) => externalAtoms(model, direction);
  const sourceAtoms = splitIntoAtoms([...k8s('Ingress'), ...evaluation.ingressIntervals]);
  const destinationAtoms = splitIntoAtoms([...k8s('Egress'), ...evaluation.egressIntervals]);
  type Entry = { label: string; index?: number; interval?: IpInterval };
  const byLabel = (a: Entry, b: Entry) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  const workloads: Entry[] = model.workloads.map((workload, index) => ({ label: workloadLabel(workload), index }));
  const atoms = (list: readonly IpInterval[]): Entry[] => list.map((interval) => ({ label: externalLabel(interval), interval }));
  const sources = [...workloads, ...atoms(sourceAtoms)].sort(byLabel);
  const destinations = [...workloads, ...atoms(destinationAtoms)].sort(byLabel);
  const peer = (e: Entry): EvalPeer => (e.index !== undefined ? { type: 'endpoint', endpoint: evaluation.endpoints[e.index] } : { type: 'external', interval: e.interval! });
  const egressSteps = evaluation.endpoints.map((e) => tiersFor(evaluation, e, 'Egress'));
  const ingressSteps = evaluation.endpoints.map((e) => tiersFor(evaluation, e, 'Ingress'));
  const lines: string[] = [];
  for (const s of sources) {
    for (const d of destinations) {
      if (s === d || (s.index === undefined && d.index === undefined)) continue;
      const out: ConnSet = s.index === undefined ? ALL_CONNS : allowedConns(egressSteps[s.index], 'Egress', evaluation.endpoints[s.index], peer(d));
      const into: ConnSet = d.index === undefined ? ALL_CONNS : allowedConns(ingressSteps[d.index], 'Ingress', evaluation.endpoints[d.index], peer(s));
      const conns = intersectConns(out, into);
      if (!isEmptyConns(conns)) lines.push(`${s.label} => ${d.label} : ${formatConnSet(conns)}\n`);
    }
  }
  return lines.join('');
}

/** A random cluster: a few namespaces and workloads with labels and named ports from small alphabets, so selectors overlap. */
function randomCluster(seed: number, options: { calico: boolean }): object[] {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const chance = (p: number) => rand() < p;
  const namespaces = ['a', 'b', 'c'].slice(0, 2 + Math.floor(rand() * 2));
  const objects: object[] = namespaces.map((ns) => namespace(ns, { team: pick(['x', 'y']), ...(chance(0.5) ? { env: 'prod' } : {}) }));
  const apps = ['web', 'db', 'api'];
  const tiers = ['front', 'back'];
  const portNames = ['http', 'metrics', 'dns'];
  const workloadCount = 3 + Math.floor(rand() * 5);
  for (let w = 0; w < workloadCount; w++) {
    const labels: Record<string, string> = { app: pick(apps) };
    if (chance(0.6)) labels.tier = pick(tiers);
    const ports = portNames.filter(() => chance(0.5)).map((name) => ({ name, containerPort: name === 'dns' ? 53 : 8000 + Math.floor(rand() * 4), protocol: name === 'dns' ? 'UDP' : 'TCP' }));
    objects.push(deployment(pick(namespaces), `w${w}`, labels, ports));
  }
  const podSelector = (): object => (chance(0.25) ? {} : chance(0.6) ? { matchLabels: { app: pick(apps) } } : { matchExpressions: [{ key: 'tier', operator: pick(['In', 'NotIn', 'Exists', 'DoesNotExist']), ...(chance(0.5) ? { values: [pick(tiers)] } : {}) }].map((e) => ((e.operator === 'Exists' || e.operator === 'DoesNotExist') ? { key: e.key, operator: e.operator } : { ...e, values: e.values ?? [pick(tiers)] })) });
  const cidrs = ['10.0.0.0/8', '10.1.0.0/16', '192.168.0.0/16', '0.0.0.0/0'];
  const peer = (): object => {
    const r = rand();
    if (r < 0.2) return { ipBlock: chance(0.5) ? { cidr: pick(cidrs) } : { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } };
    if (r < 0.5) return { podSelector: podSelector() };
    if (r < 0.75) return { namespaceSelector: chance(0.3) ? {} : { matchLabels: { team: pick(['x', 'y']) } } };
    return { namespaceSelector: { matchLabels: { team: pick(['x', 'y']) } }, podSelector: podSelector() };
  };
  const port = (): object => {
    const r = rand();
    if (r < 0.3) return { port: pick(portNames.slice(0, 2)) };
    if (r < 0.5) return { port: 8000 + Math.floor(rand() * 4), endPort: 8003 };
    if (r < 0.65) return { protocol: 'UDP', port: chance(0.5) ? 'dns' : 53 };
    return { port: 8000 + Math.floor(rand() * 4), ...(chance(0.2) ? { protocol: 'SCTP' } : {}) };
  };
  const rule = (direction: 'ingress' | 'egress'): object => {
    const r: Record<string, unknown> = {};
    if (chance(0.8)) r[direction === 'ingress' ? 'from' : 'to'] = Array.from({ length: 1 + Math.floor(rand() * 2) }, peer);
    if (chance(0.7)) r.ports = Array.from({ length: 1 + Math.floor(rand() * 2) }, port);
    // A named port cannot go with an ipBlock in an egress rule (the reader refuses it).
    if (direction === 'egress' && Array.isArray(r.to) && (r.to as { ipBlock?: unknown }[]).some((p) => p.ipBlock !== undefined) && Array.isArray(r.ports)) {
      r.ports = (r.ports as { port?: unknown }[]).filter((p) => typeof p.port !== 'string');
      if ((r.ports as unknown[]).length === 0) delete r.ports;
    }
    return r;
  };
  const policyCount = 1 + Math.floor(rand() * 5);
  for (let p = 0; p < policyCount; p++) {
    const types = pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    objects.push(networkPolicy(pick(namespaces), `p${p}`, {
      podSelector: podSelector(),
      policyTypes: types,
      ...(types.includes('Ingress') ? { ingress: Array.from({ length: Math.floor(rand() * 3) }, () => rule('ingress')) } : {}),
      ...(types.includes('Egress') ? { egress: Array.from({ length: Math.floor(rand() * 3) }, () => rule('egress')) } : {}),
    }));
  }
  if (!options.calico) return objects;

  const calicoObject = (kind: string, name: string, ns: string | undefined, spec: object) => ({ apiVersion: 'projectcalico.org/v3', kind, metadata: { name, ...(ns === undefined ? {} : { namespace: ns }) }, spec });
  const tierNames = ['first', 'second'].filter(() => chance(0.5));
  for (const name of tierNames) objects.push(calicoObject('Tier', name, undefined, { ...(chance(0.8) ? { order: Math.floor(rand() * 3) * 100 } : {}), defaultAction: pick(['Deny', 'Pass']) }));
  const selector = () => pick(['all()', "app == 'web'", "app != 'db'", 'has(tier)', "tier in {'front'}", '!has(tier)']);
  const entity = (): object => {
    const r = rand();
    if (r < 0.25) return {};
    if (r < 0.45) return { selector: selector() };
    if (r < 0.6) return { nets: [pick(cidrs)] };
    if (r < 0.75) return { namespaceSelector: pick(["team == 'x'", 'all()', "env == 'prod'"]), ...(chance(0.5) ? { selector: selector() } : {}) };
    if (r < 0.85) return { notSelector: selector() };
    return { notNets: [pick(cidrs.slice(0, 3))] };
  };
  const calicoRule = (): object => {
    const action = pick(['Allow', 'Allow', 'Deny', 'Pass', 'Log']);
    const r = rand();
    const protocol = r < 0.3 ? { protocol: 'TCP', destination: { ...entity(), ...(chance(0.7) ? { ports: [pick([8000, '8001:8003', 'http', 'metrics'])] } : {}) } } : r < 0.45 ? { protocol: 'UDP', destination: { ...entity(), ports: [53] } } : r < 0.6 ? { protocol: 'ICMP', ...(chance(0.5) ? { icmp: { type: 8 } } : {}), destination: entity() } : r < 0.7 ? { protocol: 47, destination: entity() } : { destination: entity() };
    return { action, source: entity(), ...protocol };
  };
  const calicoCount = 1 + Math.floor(rand() * 4);
  for (let p = 0; p < calicoCount; p++) {
    const tierName = tierNames.length > 0 && chance(0.6) ? pick(tierNames) : undefined;
    const spec = {
      ...(tierName === undefined ? {} : { tier: tierName }),
      ...(chance(0.7) ? { order: Math.floor(rand() * 20) * 100 } : {}),
      selector: selector(),
      types: pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]),
      ingress: Array.from({ length: Math.floor(rand() * 3) }, calicoRule),
      egress: Array.from({ length: Math.floor(rand() * 3) }, calicoRule),
    };
    const global = chance(0.5);
    const name = `${tierName === undefined ? '' : `${tierName}.`}c${p}`;
    objects.push(global ? calicoObject('GlobalNetworkPolicy', name, undefined, spec) : calicoObject('NetworkPolicy', name, pick(namespaces), spec));
  }
  if (chance(0.3)) objects.push(calicoObject('GlobalNetworkSet', 'lan', undefined, { nets: ['192.168.0.0/16'] }));
  return objects;
}

/** The random cluster's model (read as JSON, the fast way), or undefined for the few the reader refuses. */
function tryModel(objects: readonly object[]): Model | undefined {
  try {
    return loadManifests([{ path: 'test.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) }]);
  } catch (error) {
    if (process.env.LISTING_DEBUG) process.stderr.write(`${(error as Error).message}\n`);
    return undefined;
  }
}

const SEEDS = Array.from({ length: 100 }, (_, i) => i + 1);

describe('the listing agrees with the definitions on random clusters', () => {
  it('Kubernetes policies alone: the NetworkPolicy semantics of rules.ts, pair by pair, in np-guard\'s format', () => {
    let compared = 0;
    for (const seed of SEEDS) {
      const model = tryModel(randomCluster(seed, { calico: false }));
      if (model === undefined) continue;
      expect([seed, formatConnections(listConnections(model), 'txt')]).toEqual([seed, kubernetesListing(model)]);
      compared++;
    }
    expect(compared).toBeGreaterThan(80);
  });

  it('with Calico: Felix\'s walk through the tiers (allowedConns) for each pair', () => {
    let compared = 0;
    for (const seed of SEEDS) {
      const model = tryModel(randomCluster(seed, { calico: true }));
      if (model === undefined) continue;
      expect([seed, formatConnections(listConnections(model), 'txt')]).toEqual([seed, calicoListing(model)]);
      compared++;
    }
    expect(compared).toBeGreaterThan(80);
  });

  it('every connection of a Kubernetes-only listing has ports and no conns; with Calico both, the ports being the conns\' TCP, UDP and SCTP', () => {
    const kubernetes = listConnections(modelOf([deployment('a', 'x', { app: 'x' }), deployment('a', 'y', { app: 'y' })]));
    expect(kubernetes.every((c: Connection) => !('conns' in c) && c.ports === ALL_PORTS)).toBe(true);
    const withCalico = listConnections(modelOf([
      deployment('a', 'x', { app: 'x' }),
      deployment('a', 'y', { app: 'y' }),
      { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'tcp' }, spec: { selector: 'all()', types: ['Ingress'], ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [80] } }] } },
    ]));
    expect(withCalico.filter((c) => c.src.type === 'workload' && c.dst.type === 'workload').map((c) => [formatConnSet(c.conns!), formatPortSet(c.ports), formatConnSet(fromPortSet(c.ports))])).toEqual([
      ['TCP 80', 'TCP 80', 'TCP 80'],
      ['TCP 80', 'TCP 80', 'TCP 80'],
    ]);
  });
});
