import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { localstack } from '../../../homelab/namespaces/localstack';

describe('localstack', () => {
  // GIVEN the localstack composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'localstack', localstack));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has exactly the seed\'s rules, flink-demo\'s S3 writes and the ambient probes as named policies', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-ambient-health-probes-ingress', 'allow-velero-ingress', 'allow-ingress-nginx-ingress',
      'allow-argo-workflows-ingress', 'allow-flink-demo-ingress', 'allow-uptime-kuma-ingress',
    ]);
  });

  test('admits the flink-demo namespace on 4566 and, as both are in the ambient mesh, on HBONE 15008', () => {
    expect(byName('allow-flink-demo-ingress').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'flink-demo' } } }],
      ports: [{ protocol: 'TCP', port: 4566 }, { protocol: 'TCP', port: 15008 }],
    }]);
  });

  test('admits velero and ingress-nginx namespaces on 4566 only (neither is in the ambient mesh)', () => {
    for (const peer of ['velero', 'ingress-nginx']) {
      expect(byName(`allow-${peer}-ingress`).spec.ingress).toEqual([{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer } } }],
        ports: [{ protocol: 'TCP', port: 4566 }],
      }]);
    }
  });

  test("admits Argo Workflows' bucket setup Job on 4566 and HBONE 15008, and no other pod of argo-workflows", () => {
    expect(byName('allow-argo-workflows-ingress').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'argo-workflows' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'argo-workflows', 'app.kubernetes.io/component': 'localstack-setup' } },
      }],
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
