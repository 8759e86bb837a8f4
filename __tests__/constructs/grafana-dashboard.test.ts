import { Testing } from 'cdk8s';
import { GrafanaDashboard } from '../../constructs/grafana-dashboard';
import { networkPoliciesDashboard } from '../../homelab/dashboards/network-policies';

describe('GrafanaDashboard', () => {
  test('is a ConfigMap in default with the sidecar label and the dashboard as <name>.json', () => {
    // GIVEN
    const chart = Testing.chart();
    const dashboard = networkPoliciesDashboard();

    // WHEN
    new GrafanaDashboard(chart, 'Dashboard', { dashboard });

    // THEN
    const [configMap, ...rest] = Testing.synth(chart);
    expect(rest).toEqual([]);
    expect(configMap.kind).toBe('ConfigMap');
    expect(configMap.metadata).toEqual({
      name: 'network-policies-dashboard',
      namespace: 'default',
      labels: { 'app.kubernetes.io/component': 'network-policy', 'app.kubernetes.io/managed-by': 'cdk8s', 'grafana_dashboard': '1' },
      annotations: { 'argocd.argoproj.io/sync-wave': '-40' },
    });
    expect(Object.keys(configMap.data)).toEqual(['network-policies-dashboard.json']);
    expect(JSON.parse(configMap.data['network-policies-dashboard.json'])).toEqual(dashboard);
  });

  test('takes a name and a namespace', () => {
    const chart = Testing.chart();
    new GrafanaDashboard(chart, 'Dashboard', { dashboard: networkPoliciesDashboard(), name: 'netpol', namespace: 'monitoring' });
    const [configMap] = Testing.synth(chart);
    expect([configMap.metadata.name, configMap.metadata.namespace, Object.keys(configMap.data)]).toEqual(['netpol', 'monitoring', ['netpol.json']]);
  });

  test('refuses a name that is not a DNS label', () => {
    expect(() => new GrafanaDashboard(Testing.chart(), 'Dashboard', { dashboard: networkPoliciesDashboard(), name: 'Net Pol' })).toThrow(
      '[test/Dashboard] ConfigMap name "Net Pol" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, '
      + 'at most 63 characters). Did you mean "net-pol"?');
  });
});
