import { Testing } from 'cdk8s';
import { FelixPrometheusMetrics } from '../../constructs/felix-prometheus-metrics';

describe('FelixPrometheusMetrics', () => {
  test('sets only the two metrics fields of FelixConfiguration default, server-side, never pruned or deleted', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const felix = new FelixPrometheusMetrics(chart, 'Felix');

    // THEN
    expect(felix.port).toBe(9091);
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'projectcalico.org/v3',
      kind: 'FelixConfiguration',
      metadata: {
        name: 'default',
        labels: { 'app.kubernetes.io/component': 'network-policy', 'app.kubernetes.io/managed-by': 'cdk8s' },
        annotations: {
          'argocd.argoproj.io/sync-wave': '-40',
          'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false,Delete=false',
        },
      },
      spec: { prometheusMetricsEnabled: true, prometheusMetricsPort: 9091 },
    }]);
  });

  test.each([[0], [65536], [90.5]])('refuses the port %p', (port) => {
    expect(() => new FelixPrometheusMetrics(Testing.chart(), 'Felix', { port })).toThrow(
      `[test/Felix] Port ${port} is not a whole number from 1 to 65535. Use a port in that range, e.g. 9091.`);
  });
});
