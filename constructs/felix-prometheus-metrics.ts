import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { calicoMetadata } from './calico-policy';
import { fail } from './errors';

/** Felix's default metrics port (FelixConfiguration `prometheusMetricsPort`, default 9091). */
export const FELIX_METRICS_PORT = 9091;

/**
 * The two FelixConfiguration fields this app sets. FelixConfiguration has no CRD schema in
 * ../shared/crds (and the v3.31 v3 API is served by the Calico API server, not a CRD), so there
 * is no generated class: this interface types exactly what is written and nothing else.
 */
export interface FelixMetricsSpec {
  readonly prometheusMetricsEnabled: true;
  readonly prometheusMetricsPort: number;
}

export interface FelixPrometheusMetricsProps {
  /**
   * The port Felix serves /metrics on, on each node (calico-node runs with hostNetwork).
   * @default 9091
   */
  readonly port?: number;
}

/**
 * Turns on Felix's Prometheus metrics in the cluster's FelixConfiguration `default`
 * (projectcalico.org/v3, cluster-scoped).
 *
 * That object belongs to the cluster, not to this app: the operator and the installation set
 * other fields of it. So ArgoCD must only own the two fields written here, and must never delete
 * it: the annotation `argocd.argoproj.io/sync-options: ServerSideApply=true,Prune=false,Delete=false`
 * makes ArgoCD apply it server-side (field ownership per field, Argo CD "Sync Options"), skip it
 * when pruning, and keep it when the Application is deleted.
 */
export class FelixPrometheusMetrics extends Construct {
  public readonly resource: ApiObject;
  public readonly port: number;

  constructor(scope: Construct, id: string, props: FelixPrometheusMetricsProps = {}) {
    super(scope, id);
    this.port = props.port ?? FELIX_METRICS_PORT;
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535) {
      fail(this, `Port ${this.port} is not a whole number from 1 to 65535. Use a port in that range, e.g. ${FELIX_METRICS_PORT}.`);
    }
    const metadata = calicoMetadata('default');
    const spec: FelixMetricsSpec = { prometheusMetricsEnabled: true, prometheusMetricsPort: this.port };
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'projectcalico.org/v3',
      kind: 'FelixConfiguration',
      metadata: {
        ...metadata,
        annotations: { ...metadata.annotations, 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false,Delete=false' },
      },
      spec,
    });
  }
}
