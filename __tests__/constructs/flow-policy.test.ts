import { Chart, Testing } from 'cdk8s';
import { FlowPolicy } from '../../constructs/flow-policy';
import { Pods } from '../../constructs/pods';
import { Port } from '../../constructs/port';

describe('FlowPolicy', () => {
  const chartIn = (namespace: string) => new Chart(Testing.app(), namespace, { namespace });

  test('one rule per peer: a peer elsewhere by namespace and labels in one peer, one of its own namespace by podSelector alone', () => {
    // GIVEN
    const chart = chartIn('web');
    new FlowPolicy(chart, 'Policy', {
      name: 'allow-site',
      appliesTo: Pods.select('web', 'site', { app: 'site' }),
      ingress: [
        { peer: Pods.select('proxy', 'proxy', { app: 'proxy' }), ports: [Port.tcp(8080)], flows: [] },
        { peer: Pods.all('web'), ports: [Port.tcp(9090)], flows: [] },
      ],
      egress: [{ peer: Pods.select('web', 'db', { app: 'db' }), ports: [Port.tcp(5432)], flows: [] }],
    });

    // WHEN
    const [policy] = Testing.synth(chart);

    // THEN
    expect(policy.metadata.name).toBe('allow-site');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { app: 'site' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'proxy' } }, podSelector: { matchLabels: { app: 'proxy' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
        { from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 9090 }] },
      ],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    });
  });

  test('a policy for every pod with egress only says nothing about ingress', () => {
    const chart = chartIn('web');
    new FlowPolicy(chart, 'Policy', { name: 'allow-db-egress', appliesTo: Pods.all('web'), egress: [{ peer: Pods.all('db'), ports: [Port.tcp(5432)], flows: [] }] });
    const [policy] = Testing.synth(chart);
    expect(policy.spec.podSelector).toEqual({});
    expect(policy.spec.policyTypes).toEqual(['Egress']);
    expect(policy.spec.ingress).toBeUndefined();
  });

  test('refuses a name Kubernetes would refuse', () => {
    expect(() => new FlowPolicy(chartIn('web'), 'Policy', { name: 'Allow_DB', appliesTo: Pods.all('web') })).toThrow(
      '[web/Policy] Policy name "Allow_DB" is not a DNS-1123 subdomain');
  });
});
