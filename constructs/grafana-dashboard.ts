import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { validateDnsLabel } from './dns-label';
import { COMMON_LABELS, SYNC_WAVE, SYNC_WAVE_ANNOTATION } from './policy-resource';

/**
 * The label the Grafana dashboard sidecar of kube-prometheus-stack watches, with its value.
 * kube-prometheus-stack's values default to `grafana_dashboard: "1"`; the homelab's values set
 * the same and `searchNamespace: ALL` (imcbeth/homelab manifests/base/kube-prometheus-stack/values.yaml).
 */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;

/**
 * What this construct needs of a dashboard: a Grafana dashboard JSON model with its uid, title
 * and panels (dashboards/grafana.ts builds one). Kept structural so constructs/ does not depend
 * on the dashboard builders.
 */
export interface GrafanaDashboardModel {
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly object[];
}

export interface GrafanaDashboardProps {
  /** The dashboard; written as pretty-printed JSON. */
  readonly dashboard: GrafanaDashboardModel;
  /**
   * The ConfigMap's name; the dashboard file is `<name>.json` in it.
   * @default 'network-policies-dashboard'
   */
  readonly name?: string;
  /**
   * Where Grafana runs (kube-prometheus-stack's release namespace).
   * @default 'default'
   */
  readonly namespace?: string;
}

/** A ConfigMap the Grafana sidecar loads as a dashboard. */
export class GrafanaDashboard extends Construct {
  public readonly resource: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    const name = props.name ?? 'network-policies-dashboard';
    const namespace = props.namespace ?? 'default';
    validateDnsLabel(this, 'ConfigMap name', name);
    validateDnsLabel(this, 'Namespace', namespace);
    this.resource = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: {
        name,
        namespace,
        labels: { ...COMMON_LABELS, ...GRAFANA_DASHBOARD_LABEL },
        annotations: { [SYNC_WAVE_ANNOTATION]: SYNC_WAVE },
      },
      data: { [`${name}.json`]: `${JSON.stringify(props.dashboard, null, 2)}\n` },
    });
  }
}
