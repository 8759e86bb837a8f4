import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { chaosMesh } from '../../../homelab/namespaces/chaos-mesh';

describe('chaos-mesh', () => {
  // GIVEN the chaos-mesh composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'chaos-mesh', chaosMesh));
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);
  const CONTROLLER = { matchLabels: { 'app.kubernetes.io/component': 'controller-manager' } };
  const DAEMON = { matchLabels: { 'app.kubernetes.io/component': 'chaos-daemon' } };
  const inChaosMesh = (podSelector: object) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'chaos-mesh' } }, podSelector });

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one named policy per intent, and no dashboard ingress or internet egress', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-api-server-webhook-ingress',
      'allow-controller-manager-ingress', 'allow-controller-manager-dns-chaos-ingress',
      'allow-chaos-daemon-egress', 'allow-chaos-dns-server-egress', 'allow-cluster-api-egress',
    ]);
    expect(policy('allow-external-https-egress')).toBeUndefined();
  });

  test('Prometheus scrapes the controller-manager alone, on 10080', () => {
    expect(policy('allow-prometheus-scrape').spec.podSelector).toEqual(CONTROLLER);
    expect(policy('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 10080 }]);
  });

  test('the controller-manager alone takes 9443 from any source', () => {
    expect(policy('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: CONTROLLER,
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 9443 }] }],
    });
  });

  test('the controller-manager reaches the chaos-daemon on 31767, and both ends say so', () => {
    expect(policy('allow-chaos-daemon-egress').spec).toEqual({
      podSelector: CONTROLLER,
      policyTypes: ['Egress'],
      egress: [{ to: [inChaosMesh(DAEMON)], ports: [{ protocol: 'TCP', port: 31767 }] }],
    });
    expect(policy('allow-controller-manager-ingress').spec).toEqual({
      podSelector: DAEMON,
      policyTypes: ['Ingress'],
      ingress: [{ from: [inChaosMesh(CONTROLLER)], ports: [{ protocol: 'TCP', port: 31767 }] }],
    });
  });
});
