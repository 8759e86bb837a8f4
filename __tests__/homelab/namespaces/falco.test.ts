import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { falco } from '../../../homelab/namespaces/falco';

describe('falco', () => {
  // GIVEN the falco composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'falco', falco));
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);
  const FALCO = { matchLabels: { 'app.kubernetes.io/name': 'falco' } };
  const SIDEKICK = { matchLabels: { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'core' } };
  const UI = { matchLabels: { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'ui' } };
  const inFalco = (podSelector: object) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'falco' } }, podSelector });

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one named policy per flow, and no Kubernetes API', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape',
      'allow-ingress-nginx-ingress', 'allow-uptime-kuma-ingress', 'allow-falco-ingress', 'allow-falcosidekick-ingress', 'allow-falcosidekick-ui-ingress',
      'allow-falcosidekick-egress', 'allow-falcosidekick-ui-egress', 'allow-falcosidekick-ui-redis-egress', 'allow-alertmanager-egress', 'allow-loki-egress',
      'allow-external-https-egress',
    ]);
    expect(policy('allow-cluster-api-egress')).toBeUndefined();
  });

  test('Prometheus scrapes Falco on 8765 and falcosidekick on 2801', () => {
    expect(policy('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8765 }, { protocol: 'TCP', port: 2801 }]);
  });

  test('only the UI takes ingress-nginx, on 2802', () => {
    expect(policy('allow-ingress-nginx-ingress').spec).toEqual({
      podSelector: UI,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 2802 }] }],
    });
  });

  test('only the UI takes Uptime Kuma\'s "Falco UI" monitor, on 2802', () => {
    expect(policy('allow-uptime-kuma-ingress').spec).toEqual({
      podSelector: UI,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'uptime-kuma' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma' } },
      }], ports: [{ protocol: 'TCP', port: 2802 }] }],
    });
  });

  test('falco posts to falcosidekick on 2801, and both ends say so', () => {
    expect(policy('allow-falcosidekick-egress').spec).toEqual({
      podSelector: FALCO,
      policyTypes: ['Egress'],
      egress: [{ to: [inFalco(SIDEKICK)], ports: [{ protocol: 'TCP', port: 2801 }] }],
    });
    expect(policy('allow-falco-ingress').spec).toEqual({
      podSelector: SIDEKICK,
      policyTypes: ['Ingress'],
      ingress: [{ from: [inFalco(FALCO)], ports: [{ protocol: 'TCP', port: 2801 }] }],
    });
  });

  test('falcosidekick alone reaches Loki on 3100, and only Falco reaches the internet', () => {
    expect(policy('allow-loki-egress').spec).toEqual({
      podSelector: SIDEKICK,
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'loki' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/component': 'single-binary' } },
        }],
        ports: [{ protocol: 'TCP', port: 3100 }],
      }],
    });
    expect(policy('allow-external-https-egress').spec.podSelector).toEqual(FALCO);
  });
});
