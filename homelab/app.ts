import { YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  CalicoGlobalPolicies, ConfigurationError, NetworkPoliciesApplication, NetworkPoliciesApplicationProps, NetworkPolicyApp,
  NetworkPolicyMonitoring,
} from '../constructs';
import { networkPoliciesDashboard } from './dashboards/network-policies';
import { EXEMPT_NAMESPACES } from './namespaces/exemptions';

/** The chart (and dist/ folder) holding the ArgoCD Application; excluded from its own sync. */
export const APPLICATION_CHART = 'argocd-application';

/** The chart (and dist/ folder) of the cluster-wide Calico Tier and GlobalNetworkPolicies. */
export const CALICO_GLOBAL_CHART = 'calico-global';

/** The chart (and dist/ folder) of Felix metrics, their PodMonitor and the Grafana dashboard. */
export const MONITORING_CHART = 'network-policy-monitoring';

/** Charts besides the namespaces that the Application syncs; scripts/dist-layout.js reads this list. */
export const CLUSTER_CHARTS: readonly string[] = [CALICO_GLOBAL_CHART, MONITORING_CHART];

export interface HomelabAppOptions {
  /**
   * Where to write the manifests.
   * @default - CDK8S_OUTDIR as set by `cdk8s synth --output`, else `dist`
   */
  readonly outdir?: string;
  /**
   * Where ArgoCD reads the manifests.
   * @default - GITOPS from cluster.ts
   */
  readonly application?: NetworkPoliciesApplicationProps;
}

/**
 * The homelab's app: the protected namespaces main.ts composes, the exempt ones (namespaces/exemptions.ts)
 * as possible peers, and, once the namespaces are known, the cluster-wide charts: the Calico tier and
 * global policies, their monitoring and the ArgoCD Application.
 */
export class HomelabApp extends NetworkPolicyApp {
  private readonly application: NetworkPoliciesApplicationProps | undefined;

  constructor(options: HomelabAppOptions = {}) {
    super({
      ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
      // One folder per chart and one file per object: two namespaces can both have `default-deny`.
      yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
      // Explicitly off: CDK8S_RECORD_CONSTRUCT_METADATA=true would add construct-metadata.json to dist/.
      recordConstructMetadata: false,
      exemptNamespaces: Object.keys(EXEMPT_NAMESPACES),
    });
    this.application = options.application;
  }

  /** The names of the protected namespaces composed so far. */
  public get protectedNamespaceNames(): string[] {
    return this.protectedNamespaces.map((namespace) => namespace.name);
  }

  protected onResolved(): void {
    new CalicoGlobalPolicies(this, CALICO_GLOBAL_CHART, { protectedNamespaces: this.protectedNamespaceNames });
    new NetworkPolicyMonitoring(this, MONITORING_CHART, { dashboard: networkPoliciesDashboard() });
    new NetworkPoliciesApplication(this, APPLICATION_CHART, this.application);
  }
}

/**
 * The warnings constructs left on the tree (e.g. ClusterApi without endpoints), each message once with
 * the paths that raised it, so nineteen namespaces with the same problem read as one warning.
 */
export function collectWarnings(root: IConstruct): string[] {
  const byMessage = new Map<string, string[]>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== 'warning') continue;
      const message = String(entry.data);
      byMessage.set(message, [...(byMessage.get(message) ?? []), construct.node.path]);
    }
  }
  return [...byMessage].map(([message, paths]) => (paths.length === 1
    ? `[${paths[0]}] ${message}`
    : `${message} (${paths.length} places: ${paths.join(', ')})`));
}

/** What `main.ts` does when run: resolve, print the warnings once, synthesize; a ConfigurationError without its stack. */
export function synthesize(app: HomelabApp, io: { stderr: (text: string) => void } = { stderr: (text) => process.stderr.write(text) }): number {
  try {
    app.resolve();
    for (const warning of collectWarnings(app)) io.stderr(`Warning: ${warning}\n`);
    app.synth();
    return 0;
  } catch (error) {
    if (error instanceof ConfigurationError) {
      io.stderr(`Error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
