import { Testing } from 'cdk8s';
import { FelixPodMonitor } from '../../constructs/felix-pod-monitor';

describe('FelixPodMonitor', () => {
  test('scrapes calico-node in calico-system on <pod IP>:port, labelled for kube-prometheus-stack\'s selector', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new FelixPodMonitor(chart, 'Monitor', { port: 9091 });

    // THEN
    const [monitor, ...rest] = Testing.synth(chart);
    expect(rest).toEqual([]);
    expect([monitor.apiVersion, monitor.kind]).toEqual(['monitoring.coreos.com/v1', 'PodMonitor']);
    expect(monitor.metadata).toEqual({
      name: 'calico-felix',
      namespace: 'default',
      labels: { 'app.kubernetes.io/component': 'network-policy', 'app.kubernetes.io/managed-by': 'cdk8s', 'release': 'kube-prometheus-stack' },
      annotations: { 'argocd.argoproj.io/sync-wave': '-40' },
    });
    expect(monitor.spec).toEqual({
      namespaceSelector: { matchNames: ['calico-system'] },
      selector: { matchLabels: { 'k8s-app': 'calico-node' } },
      podMetricsEndpoints: [{
        path: '/metrics',
        interval: '30s',
        relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_ip'], targetLabel: '__address__', regex: '(.+)', replacement: '$1:9091', action: 'replace' }],
      }],
    });
  });

  test('refuses a bad port and a bad namespace', () => {
    expect(() => new FelixPodMonitor(Testing.chart(), 'Monitor', { port: 0 })).toThrow(
      '[test/Monitor] Port 0 is not a whole number from 1 to 65535. Use the port of FelixPrometheusMetrics.');
    expect(() => new FelixPodMonitor(Testing.chart(), 'Monitor', { port: 9091, namespace: 'Monitoring' })).toThrow(
      '[test/Monitor] Namespace "Monitoring" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, '
      + 'at most 63 characters). Did you mean "monitoring"?');
  });
});
