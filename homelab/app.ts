import { App, YamlOutputType } from 'cdk8s';
import {
  CalicoGlobalPolicies, NetworkPoliciesApplication, NetworkPoliciesApplicationProps, NetworkPolicyMonitoring, ProtectedNamespace,
  ProtectedNamespaceProps,
} from '../constructs';
import { networkPoliciesDashboard } from './dashboards/network-policies';
import { PROTECTED_NAMESPACES } from './namespaces';

/** The chart (and dist/ folder) holding the ArgoCD Application; excluded from its own sync. */
export const APPLICATION_CHART = 'argocd-application';

/** The chart (and dist/ folder) of the cluster-wide Calico Tier and GlobalNetworkPolicies. */
export const CALICO_GLOBAL_CHART = 'calico-global';

/** The chart (and dist/ folder) of Felix metrics, their PodMonitor and the Grafana dashboard. */
export const MONITORING_CHART = 'network-policy-monitoring';

/**
 * Charts besides the namespaces that the Application syncs. scripts/dist-layout.js reads this
 * list (with PROTECTED_NAMESPACES) to know what dist/ must hold and what ArgoCD must sync.
 */
export const CLUSTER_CHARTS: readonly string[] = [CALICO_GLOBAL_CHART, MONITORING_CHART];

export interface BuildAppOptions {
  /**
   * Where to write the manifests.
   * @default - CDK8S_OUTDIR as set by `cdk8s synth --output`, else `dist`
   */
  readonly outdir?: string;
  /**
   * The namespaces to protect and their rules.
   * @default - PROTECTED_NAMESPACES from namespaces/
   */
  readonly namespaces?: Readonly<Record<string, ProtectedNamespaceProps>>;
  /**
   * Where ArgoCD reads the manifests.
   * @default - GITOPS from cluster.ts
   */
  readonly application?: NetworkPoliciesApplicationProps;
}

/** Builds the app without synthesizing it, so tests and scripts can inspect it. */
export function buildApp(options: BuildAppOptions = {}): App {
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    // One folder per chart and one file per object: two namespaces can both have `default-deny`.
    yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
    // Explicitly off: CDK8S_RECORD_CONSTRUCT_METADATA=true would add construct-metadata.json to dist/.
    recordConstructMetadata: false,
  });
  const namespaces = options.namespaces ?? PROTECTED_NAMESPACES;
  for (const [namespace, props] of Object.entries(namespaces)) {
    new ProtectedNamespace(app, namespace, props);
  }
  new CalicoGlobalPolicies(app, CALICO_GLOBAL_CHART, { protectedNamespaces: Object.keys(namespaces) });
  new NetworkPolicyMonitoring(app, MONITORING_CHART, { dashboard: networkPoliciesDashboard() });
  new NetworkPoliciesApplication(app, APPLICATION_CHART, options.application);
  return app;
}

/** Warnings constructs left on the tree (e.g. ClusterApi without endpoints), with their paths. */
export function collectWarnings(app: App): string[] {
  return app.node.findAll().flatMap((construct) => construct.node.metadata
    .filter((entry) => entry.type === 'warning')
    .map((entry) => `[${construct.node.path}] ${String(entry.data)}`));
}
