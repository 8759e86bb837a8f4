import { Testing } from 'cdk8s';
import { NetworkPolicyApp } from '../../constructs/network-policy-app';
import { Pods } from '../../constructs/pods';
import { Port } from '../../constructs/port';
import { PrometheusScrape } from '../../constructs/prometheus-scrape';
import { ProtectedNamespace } from '../../constructs/protected-namespace';

describe('PrometheusScrape', () => {
  test('is one flow from the Prometheus pods: allow-prometheus-scrape here, allow-<ns>-metrics-egress on Prometheus\'s side', () => {
    // GIVEN
    const app = new NetworkPolicyApp({ ambientEnrolledNamespaces: [] });
    const velero = new ProtectedNamespace(app, 'velero');
    const monitoring = new ProtectedNamespace(app, 'monitoring');
    const prometheus = Pods.select('monitoring', 'prometheus', { app: 'prometheus' });

    // WHEN
    new PrometheusScrape(velero, 'Scrape', { ports: [Port.tcp(8085)], appliesToPods: { app: 'velero' }, prometheus });
    app.resolve();

    // THEN
    const policy = (chart: ProtectedNamespace, name: string) => Testing.synth(chart).find((o) => o.metadata.name === name)?.spec;
    expect(policy(velero, 'allow-prometheus-scrape')).toEqual({
      podSelector: { matchLabels: { app: 'velero' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }],
        ports: [{ protocol: 'TCP', port: 8085 }],
      }],
    });
    expect(policy(monitoring, 'allow-velero-metrics-egress')?.egress[0].to).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'velero' } }, podSelector: { matchLabels: { app: 'velero' } } },
    ]);
  });

  test('the Prometheus pods default to PROMETHEUS from cluster.ts', () => {
    const app = new NetworkPolicyApp({ exemptNamespaces: ['default'] });
    const velero = new ProtectedNamespace(app, 'velero');
    new PrometheusScrape(velero, 'Scrape', { ports: [Port.tcp(8085)] });
    expect(velero.flows.map((flow) => [flow.from.namespace, flow.from.labels])).toEqual([['default', { 'app.kubernetes.io/name': 'prometheus' }]]);
  });

  test('refuses a scope that is not a ProtectedNamespace', () => {
    expect(() => new PrometheusScrape(Testing.chart(), 'Scrape', { ports: [Port.tcp(8085)] })).toThrow(
      '[test/Scrape] PrometheusScrape declares a flow into its namespace, so compose it in a ProtectedNamespace (or use its prometheusScrapePorts prop).');
  });
});
