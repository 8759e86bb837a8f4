import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { FelixPodMonitor } from './felix-pod-monitor';
import { FelixPrometheusMetrics } from './felix-prometheus-metrics';
import { GrafanaDashboard, GrafanaDashboardModel } from './grafana-dashboard';

export interface NetworkPolicyMonitoringProps {
  /** The Grafana dashboard to ship (app.ts passes networkPoliciesDashboard() from dashboards/). */
  readonly dashboard: GrafanaDashboardModel;
}

/**
 * Monitoring of the network policies, as one chart: Felix metrics on (FelixConfiguration
 * `default`, cluster-scoped), the PodMonitor that scrapes them and the Grafana dashboard
 * ConfigMap (both in `default`, where kube-prometheus-stack runs). The chart has no namespace of
 * its own because it mixes a cluster-scoped object with namespaced ones; each namespaced object
 * names its namespace.
 */
export class NetworkPolicyMonitoring extends Chart {
  constructor(scope: Construct, id: string, props: NetworkPolicyMonitoringProps) {
    super(scope, id);
    const felix = new FelixPrometheusMetrics(this, 'FelixMetrics');
    new FelixPodMonitor(this, 'FelixPodMonitor', { port: felix.port });
    new GrafanaDashboard(this, 'Dashboard', { dashboard: props.dashboard });
  }
}
