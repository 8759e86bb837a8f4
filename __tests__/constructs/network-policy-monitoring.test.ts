import { Testing } from 'cdk8s';
import { NetworkPolicyMonitoring } from '../../constructs/network-policy-monitoring';
import { networkPoliciesDashboard } from '../../homelab/dashboards/network-policies';

describe('NetworkPolicyMonitoring', () => {
  test('writes the FelixConfiguration (cluster-scoped), the PodMonitor and the dashboard (in default) on the same port', () => {
    // GIVEN / WHEN
    const chart = new NetworkPolicyMonitoring(Testing.app(), 'network-policy-monitoring', { dashboard: networkPoliciesDashboard() });

    // THEN
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`)).toEqual([
      'FelixConfiguration/-/default', 'PodMonitor/default/calico-felix', 'ConfigMap/default/network-policies-dashboard',
    ]);
    expect(objects[1].spec.podMetricsEndpoints[0].relabelings[0].replacement).toBe(`$1:${objects[0].spec.prometheusMetricsPort}`);
    expect(objects).toMatchSnapshot();
  });
});
