import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { loki } from '../../../homelab/namespaces/loki';

describe('loki', () => {
  // GIVEN the loki composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'loki', loki));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const inDefault = (app: string) => ({
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
    podSelector: { matchLabels: { 'app.kubernetes.io/name': app } },
  });

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has the seed\'s rules as named policies, Alloy\'s traces to Tempo and falcosidekick\'s events', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-ambient-health-probes-ingress', 'allow-grafana-ingress', 'allow-falcosidekick-ingress',
      'allow-uptime-kuma-ingress', 'allow-alertmanager-egress', 'allow-tempo-egress', 'allow-within-namespace',
    ]);
  });

  test('3100 (and HBONE 15008, default and loki being in the ambient mesh) is open to the Prometheus and the Grafana pods only', () => {
    const ports = [{ protocol: 'TCP', port: 3100 }, { protocol: 'TCP', port: 15008 }];
    expect(byName('allow-prometheus-scrape').spec.ingress).toEqual([{ from: [inDefault('prometheus')], ports }]);
    expect(byName('allow-grafana-ingress').spec.ingress).toEqual([{ from: [inDefault('grafana')], ports }]);
  });

  test('admits Uptime Kuma\'s "Loki" monitor on 3100, on the single-binary pods only', () => {
    expect(byName('allow-uptime-kuma-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/component': 'single-binary' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'uptime-kuma' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma' } },
      }], ports: [{ protocol: 'TCP', port: 3100 }] }],
    });
  });

  test('falcosidekick and Alloy\'s traces stay on their application ports: falco and tempo are not in the mesh', () => {
    expect(byName('allow-falcosidekick-ingress').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 3100 }]);
    expect(byName('allow-tempo-egress').spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 4317 }]);
  });

  test('admits istio-cni\'s probe address on every TCP port of every pod', () => {
    expect(byName('allow-ambient-health-probes-ingress').spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }] },
    ]);
  });

  test('falcosidekick in falco reaches the single-binary pods on 3100 only', () => {
    expect(byName('allow-falcosidekick-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/component': 'single-binary' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'falco' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'core' } },
        }],
        ports: [{ protocol: 'TCP', port: 3100 }],
      }],
    });
  });

  test('alerts go to the Alertmanager pods on 9093 and HBONE 15008 only', () => {
    expect(byName('allow-alertmanager-egress').spec.egress).toEqual([{ to: [inDefault('alertmanager')], ports: [{ protocol: 'TCP', port: 9093 }, { protocol: 'TCP', port: 15008 }] }]);
  });

  test('only the Alloy pods send traces, to the Tempo pods on OTLP gRPC 4317', () => {
    expect(byName('allow-tempo-egress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alloy' } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tempo' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'tempo' } },
        }],
        ports: [{ protocol: 'TCP', port: 4317 }],
      }],
    });
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
