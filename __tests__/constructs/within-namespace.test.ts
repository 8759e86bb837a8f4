import { Testing } from 'cdk8s';
import { Port } from '../../constructs/port';
import { WithinNamespace } from '../../constructs/within-namespace';

test('allow-within-namespace opens the ports in both directions between the namespace\'s own pods', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new WithinNamespace(chart, 'WithinNamespace', { ports: [Port.tcp(9095), Port.tcp(7946)] });

  // THEN
  const [policy] = Testing.synth(chart);
  const ports = [{ protocol: 'TCP', port: 9095 }, { protocol: 'TCP', port: 7946 }];
  expect(policy.metadata.name).toBe('allow-within-namespace');
  expect(policy.spec).toEqual({
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ podSelector: {} }], ports }],
    egress: [{ to: [{ podSelector: {} }], ports }],
  });
});
