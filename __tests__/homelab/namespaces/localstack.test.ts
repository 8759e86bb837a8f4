import { namespaceObjects } from '../support/synth';

describe('localstack', () => {
  // GIVEN the localstack composition WHEN synthesized
  const objects = namespaceObjects('localstack');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('admits the flink-demo namespace on 4566 and, as both are in the ambient mesh, on HBONE 15008', () => {
    expect(byName('allow-flink-demo-ingress').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'flink-demo' } } }],
      ports: [{ protocol: 'TCP', port: 4566 }, { protocol: 'TCP', port: 15008 }],
    }]);
  });

  test('admits Uptime Kuma\'s pods on 4566 only: its health monitor, from outside the mesh', () => {
    expect(byName('allow-uptime-kuma-ingress').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'uptime-kuma' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma' } },
      }],
      ports: [{ protocol: 'TCP', port: 4566 }],
    }]);
  });

  test('admits only the Prometheus pods of default on 4566 and HBONE 15008, so a test pod in default is blocked', () => {
    expect(byName('allow-prometheus-scrape').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      }],
      ports: [{ protocol: 'TCP', port: 4566 }, { protocol: 'TCP', port: 15008 }],
    }]);
  });
});
