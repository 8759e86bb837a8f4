import { explain, formatExplanation, QueryError, resolvePeer } from '../../../netpol/analyzer';
import { CLUSTER, deployment, modelOf, networkPolicy } from './harness';

const POLICIES = [
  networkPolicy('a', 'web-in', {
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } }, podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 'http' }] }],
  }),
  networkPolicy('b', 'client-out', {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 443 }] }, { ports: [{ port: 8000, endPort: 8100 }] }],
  }),
];
const model = modelOf([...CLUSTER, ...POLICIES], 'cluster.yaml');

describe('explain', () => {
  it('names the admitting rule on both sides, with files and lines', () => {
    // GIVEN web admits client on its named port http (8080) and client may send to 8000-8100
    const explanation = explain(model, { from: 'b/client', to: 'a/web', port: 8080 });
    // THEN both sides say which policy and which rule, peer and port let it through
    expect(formatExplanation(explanation)).toBe(
      [
        'ALLOWED: b/client[Deployment] => a/web[Deployment] on TCP 8080',
        'Egress from b/client[Deployment]: allowed',
        '  selected by: b/client-out (cluster.yaml:96)',
        '  admitted by: b/client-out spec.egress[1] (cluster.yaml:113): any peer (no to); ports[0] 8000-8100/TCP',
        'Ingress to a/web[Deployment]: allowed',
        '  selected by: a/web-in (cluster.yaml:76)',
        '  admitted by: a/web-in spec.ingress[0] (cluster.yaml:86): from[0] namespaceSelector team=y, podSelector app=client; ports[0] named port http/TCP (8080 on a/web[Deployment])',
        '',
      ].join('\n'),
    );
    expect(explanation.allowed).toBe(true);
  });

  it('lists the isolating policies and the near misses when denied', () => {
    const explanation = explain(model, { from: 'b/client', to: 'a/web', port: 53, protocol: 'UDP' });
    expect(formatExplanation(explanation)).toBe(
      [
        'DENIED: b/client[Deployment] => a/web[Deployment] on UDP 53',
        'Egress from b/client[Deployment]: denied (isolated, and no rule of the selecting policies admits it)',
        '  selected by: b/client-out (cluster.yaml:96)',
        '  peer matches but port does not: b/client-out spec.egress[1] (cluster.yaml:113): any peer (no to); only TCP 8000-8100',
        'Ingress to a/web[Deployment]: denied (isolated, and no rule of the selecting policies admits it)',
        '  selected by: a/web-in (cluster.yaml:76)',
        '  peer matches but port does not: a/web-in spec.ingress[0] (cluster.yaml:86): from[0] namespaceSelector team=y, podSelector app=client; only TCP 8080',
        '',
      ].join('\n'),
    );
  });

  it('says why a workload-to-itself answer has no line in list', () => {
    // GIVEN client's egress admits 8000-8100 to any peer, and nothing isolates its ingress
    const explanation = explain(model, { from: 'b/client', to: 'b/client', port: 8080 });
    // THEN the verdict is given, with the reason list leaves the pair out
    expect(explanation.allowed).toBe(true);
    expect(formatExplanation(explanation).trimEnd().split('\n').pop()).toBe(
      "Note: This is traffic between the pods of one workload; `netpol list` never prints a workload's connections to itself.",
    );
    expect(formatExplanation(explain(model, { from: 'b/client', to: 'a/web', port: 8080 }))).not.toContain('pods of one workload');
  });

  it('says a side is not isolated when no policy selects it', () => {
    const explanation = explain(model, { from: 'a/web', to: 'a/db', port: 5432 });
    expect([explanation.allowed, explanation.egress.verdict, explanation.ingress.verdict]).toEqual([true, 'not-isolated', 'not-isolated']);
    expect(formatExplanation(explanation)).toContain('Ingress to a/db[Deployment]: allowed (not isolated: no NetworkPolicy selects it for Ingress, so all traffic is allowed by default)');
  });

  it('matches an IP destination against ipBlocks and their excepts', () => {
    const inside = explain(model, { from: 'b/client', to: '10.2.3.4', port: 443 });
    const excepted = explain(model, { from: 'b/client', to: '10.1.2.3', port: 443 });
    expect(inside.egress.admittedBy.map((r) => r.peer)).toEqual(['to[0] ipBlock 10.0.0.0/8 except 10.1.0.0/16']);
    expect(inside.ingress.verdict).toBe('external');
    expect([inside.allowed, excepted.allowed]).toEqual([true, false]);
  });

  it('says that policies were not evaluated (AdminNetworkPolicy)', () => {
    const withAdmin = { ...model, calicoPolicies: [{ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', name: 'deny', source: { file: 'anp.yaml', line: 3 } }] };
    expect(formatExplanation(explain(withAdmin, { from: 'a/web', to: 'a/db', port: 1 }))).toContain(
      'the analyzer does not model them), so the result does not account for them: AdminNetworkPolicy deny (anp.yaml:3).',
    );
  });
});

describe('resolvePeer and query errors', () => {
  const twoKinds = modelOf([deployment('a', 'web', { app: 'web' }), { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'a' }, spec: {} }]);

  it('accepts ns/name[Kind] to pick one of several kinds', () => {
    expect(resolvePeer(twoKinds, 'a/web[StatefulSet]')).toMatchObject({ type: 'workload', workload: { kind: 'StatefulSet' } });
  });

  it('accepts a kind with digits, as controller owners of pods may have', () => {
    const owned = modelOf([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'dc1-0', namespace: 'db', ownerReferences: [{ kind: 'K8ssandraCluster', name: 'dc1', controller: true }] }, spec: {} }]);
    expect(resolvePeer(owned, 'db/dc1[K8ssandraCluster]')).toMatchObject({ type: 'workload', workload: { name: 'dc1', kind: 'K8ssandraCluster' } });
  });

  it.each([
    ['an ambiguous name', twoKinds, () => resolvePeer(twoKinds, 'a/web'), '"a/web" is ambiguous: a/web[Deployment], a/web[StatefulSet]. Add the kind, e.g. a/web[Deployment].'],
    ['a malformed reference', model, () => resolvePeer(model, 'web'), '"web" is neither a workload reference nor an IPv4 address; write ns/name (e.g. default/frontend), ns/name[Kind], or an address such as 203.0.113.7.'],
    ['a name in the wrong namespace', model, () => resolvePeer(model, 'b/web'), 'No workload b/web in the input. Workloads with that name: a/web[Deployment].'],
    ['an unknown name', model, () => resolvePeer(model, 'a/nope'), 'No workload a/nope in the input. Workloads in a: a/web[Deployment], a/db[Deployment].'],
    ['an unknown namespace', model, () => resolvePeer(model, 'zz/nope'), 'No workload zz/nope in the input. The namespace zz has no workloads in the input.'],
    ['two addresses', model, () => explain(model, { from: '1.2.3.4', to: '5.6.7.8', port: 80 }), 'Both ends are IP addresses; NetworkPolicies only govern traffic to or from pods, so name a workload on at least one side.'],
    ['a port out of range', model, () => explain(model, { from: 'a/web', to: 'a/db', port: 70000 }), 'Port 70000 is outside 1-65535.'],
  ])('refuses %s', (_name, _model, run, message) => {
    expect(run).toThrow(new QueryError(message));
  });
});
