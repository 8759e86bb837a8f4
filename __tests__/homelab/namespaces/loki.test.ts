import { namespaceObjects } from '../support/synth';

describe('loki', () => {
  // GIVEN the loki composition WHEN synthesized
  const objects = namespaceObjects('loki');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const inDefault = (app: string) => ({
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
    podSelector: { matchLabels: { 'app.kubernetes.io/name': app } },
  });

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('3100 (and HBONE 15008, default and loki being in the ambient mesh) is open to the Prometheus and the Grafana pods only', () => {
    const ports = [{ protocol: 'TCP', port: 3100 }, { protocol: 'TCP', port: 15008 }];
    expect(byName('allow-prometheus-scrape').spec.ingress).toEqual([{ from: [inDefault('prometheus')], ports }]);
    expect(byName('allow-grafana-ingress').spec.ingress).toEqual([{ from: [inDefault('grafana')], ports }]);
  });

  test('admits istio-cni\'s probe address on every TCP port of every pod', () => {
    expect(byName('allow-ambient-health-probes-ingress').spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }] },
    ]);
  });

  test('alerts go to the Alertmanager pods on 9093 and HBONE 15008 only', () => {
    expect(byName('allow-alertmanager-egress').spec.egress).toEqual([{ to: [inDefault('alertmanager')], ports: [{ protocol: 'TCP', port: 9093 }, { protocol: 'TCP', port: 15008 }] }]);
  });

  test('pods of loki reach each other on 3100, 9095, 7946 and HBONE 15008 in both directions', () => {
    const ports = [{ protocol: 'TCP', port: 3100 }, { protocol: 'TCP', port: 9095 }, { protocol: 'TCP', port: 7946 }, { protocol: 'TCP', port: 15008 }];
    expect(byName('allow-within-namespace').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }], ports }],
      egress: [{ to: [{ podSelector: {} }], ports }],
    });
  });
});
