import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../constructs';
import { loki } from '../../namespaces/loki';

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
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-grafana-ingress', 'allow-falcosidekick-ingress',
      'allow-alertmanager-egress', 'allow-tempo-egress', 'allow-within-namespace',
    ]);
  });

  test('3100 is open to the Prometheus and the Grafana pods only', () => {
    expect(byName('allow-prometheus-scrape').spec.ingress).toEqual([{ from: [inDefault('prometheus')], ports: [{ protocol: 'TCP', port: 3100 }] }]);
    expect(byName('allow-grafana-ingress').spec.ingress).toEqual([{ from: [inDefault('grafana')], ports: [{ protocol: 'TCP', port: 3100 }] }]);
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

  test('alerts go to the Alertmanager pods on 9093 only', () => {
    expect(byName('allow-alertmanager-egress').spec.egress).toEqual([{ to: [inDefault('alertmanager')], ports: [{ protocol: 'TCP', port: 9093 }] }]);
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

  test('pods of loki reach each other on 3100, 9095 and 7946 in both directions', () => {
    const ports = [{ protocol: 'TCP', port: 3100 }, { protocol: 'TCP', port: 9095 }, { protocol: 'TCP', port: 7946 }];
    expect(byName('allow-within-namespace').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }], ports }],
      egress: [{ to: [{ podSelector: {} }], ports }],
    });
  });
});
