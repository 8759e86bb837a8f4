import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { validateDnsLabel } from './dns-label';
import { fail } from './errors';
import { COMMON_LABELS, SYNC_WAVE, SYNC_WAVE_ANNOTATION } from './policy-resource';

/**
 * The label kube-prometheus-stack's Prometheus selects monitors by: with the chart's default
 * `podMonitorSelectorNilUsesHelmValues: true` (kept by the homelab's values) only PodMonitors
 * labelled with the Helm release, here `kube-prometheus-stack`, are scraped.
 */
export const PROMETHEUS_RELEASE_LABEL = { release: 'kube-prometheus-stack' } as const;

/** The fields of a monitoring.coreos.com/v1 PodMonitor this app writes (no CRD schema in ../shared/crds). */
export interface PodMonitorSpec {
  readonly namespaceSelector: { readonly matchNames: readonly string[] };
  readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly podMetricsEndpoints: ReadonlyArray<{
    readonly path: string;
    readonly interval: string;
    readonly relabelings: ReadonlyArray<{
      readonly sourceLabels: readonly string[];
      readonly targetLabel: string;
      readonly regex: string;
      readonly replacement: string;
      readonly action: 'replace';
    }>;
  }>;
}

export interface FelixPodMonitorProps {
  /** The port Felix serves metrics on (FelixPrometheusMetrics.port). */
  readonly port: number;
  /**
   * Where the PodMonitor lives (Prometheus's `podMonitorNamespaceSelector` is `{}`: any).
   * @default 'default'
   */
  readonly namespace?: string;
}

/**
 * PodMonitor `calico-felix`: Prometheus scrapes Felix in every calico-node pod
 * (namespace calico-system, `k8s-app: calico-node`) on the metrics port.
 *
 * The calico-node container declares no metrics port to name, so the endpoint rewrites the
 * target address to `<pod IP>:<port>`; calico-node runs with hostNetwork, so the pod IP is the
 * node's address. No network policy is involved: NetworkPolicy does not apply to hostNetwork
 * pods, the cluster has no Calico host endpoints, and Prometheus in `default` has no egress
 * policy (see docs/calico.md).
 */
export class FelixPodMonitor extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: FelixPodMonitorProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'default';
    validateDnsLabel(this, 'Namespace', namespace);
    if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) {
      fail(this, `Port ${props.port} is not a whole number from 1 to 65535. Use the port of FelixPrometheusMetrics.`);
    }
    const spec: PodMonitorSpec = {
      namespaceSelector: { matchNames: ['calico-system'] },
      selector: { matchLabels: { 'k8s-app': 'calico-node' } },
      podMetricsEndpoints: [{
        path: '/metrics',
        interval: '30s',
        relabelings: [{
          sourceLabels: ['__meta_kubernetes_pod_ip'],
          targetLabel: '__address__',
          regex: '(.+)',
          replacement: `$1:${props.port}`,
          action: 'replace',
        }],
      }],
    };
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: {
        name: 'calico-felix',
        namespace,
        labels: { ...COMMON_LABELS, ...PROMETHEUS_RELEASE_LABEL },
        annotations: { [SYNC_WAVE_ANNOTATION]: SYNC_WAVE },
      },
      spec,
    });
  }
}
