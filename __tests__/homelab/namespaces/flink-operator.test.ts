import { namespaceObjects } from '../support/synth';

describe('flink-operator', () => {
  // GIVEN the flink-operator composition WHEN synthesized
  const objects = namespaceObjects('flink-operator');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const OPERATOR = { matchLabels: { 'app.kubernetes.io/name': 'flink-kubernetes-operator' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('opens the webhook port 9443 to any source, on the operator pod only', () => {
    expect(byName('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: OPERATOR,
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 9443 }] }],
    });
  });

  test('admits the istio-cni probe address on the operator pod\'s health port 8085 only', () => {
    expect(byName('allow-ambient-health-probes-ingress').spec).toEqual({
      podSelector: OPERATOR,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 8085 }] }],
    });
  });

  test('no scrape: the operator logs its metrics, it serves none', () => {
    const names = objects.map((o) => o.metadata.name);
    expect(names.length).toBeGreaterThan(2);
    expect(names).not.toContain('allow-prometheus-scrape');
  });
});
