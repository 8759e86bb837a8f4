import { namespaceObjects } from '../support/synth';

describe('tempo', () => {
  // GIVEN the tempo composition WHEN synthesized
  const objects = namespaceObjects('tempo');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has default deny, DNS, the scrape, Grafana, Alloy and Uptime Kuma in, and nothing else', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-grafana-ingress', 'allow-alloy-ingress', 'allow-uptime-kuma-ingress',
    ]));
  });

  test('admits only the Alloy pods of loki, on the OTLP gRPC receiver 4317', () => {
    expect(byName('allow-alloy-ingress').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'loki' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alloy' } },
      }],
      ports: [{ protocol: 'TCP', port: 4317 }],
    }]);
  });

  test('admits Uptime Kuma\'s pods on the HTTP port 3100 (its /ready monitor), not on 3200', () => {
    expect(byName('allow-uptime-kuma-ingress').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'uptime-kuma' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma' } },
      }],
      ports: [{ protocol: 'TCP', port: 3100 }],
    }]);
  });

  test('opens the HTTP port 3100 to the Grafana and the Prometheus pods only', () => {
    const inDefault = (app: string) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': app } },
    });
    expect(byName('allow-grafana-ingress').spec.ingress).toEqual([{ from: [inDefault('grafana')], ports: [{ protocol: 'TCP', port: 3100 }] }]);
    expect(byName('allow-prometheus-scrape').spec.ingress).toEqual([{ from: [inDefault('prometheus')], ports: [{ protocol: 'TCP', port: 3100 }] }]);
  });

  test('has no egress besides DNS: no API server, no internet', () => {
    expect(objects.filter((o) => o.spec.policyTypes.includes('Egress')).map((o) => o.metadata.name)).toEqual(['default-deny', 'allow-dns-egress']);
  });
});
