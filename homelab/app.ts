import { YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  CalicoGlobalPolicies, ConfigurationError, IpBlock, NetworkPoliciesApplication, NetworkPoliciesApplicationProps, NetworkPolicyApp,
  NetworkPolicyMonitoring, Port, TighteningProps,
} from '../constructs';
import { API_SERVER, ISTIO_AMBIENT } from './cluster';
import { networkPoliciesDashboard } from './dashboards/network-policies';
import { EXEMPT_NAMESPACES } from './namespaces/exemptions';

/** The chart (and dist/ folder) holding the ArgoCD Application; excluded from its own sync. */
export const APPLICATION_CHART = 'argocd-application';

/** The chart (and dist/ folder) of the cluster-wide Calico Tier and GlobalNetworkPolicies. */
export const CALICO_GLOBAL_CHART = 'calico-global';

/** The chart (and dist/ folder) of Felix metrics, their PodMonitor and the Grafana dashboard. */
export const MONITORING_CHART = 'network-policy-monitoring';

/**
 * What the owner's hand-written policies allowed across every namespace and this app denies on purpose (the
 * migration report, docs/migration.md, gives these reasons first; each namespace's own are in its props).
 */
const CLUSTER_WIDE_TIGHTENINGS: readonly TighteningProps[] = [
  {
    ports: [Port.tcp(ISTIO_AMBIENT.hbonePort)],
    reason: 'HBONE: the hand-written policies open TCP 15008 to and from every pod of an enrolled namespace (bare rules). ztunnel '
      + 'uses 15008 only for a connection the policies allow between two enrolled pods, so dist admits it on exactly the declared '
      + 'flows whose two ends are enrolled (meshPorts), and nowhere else',
  },
  {
    from: IpBlock.host(ISTIO_AMBIENT.probeSourceAddress),
    reason: 'Ambient health probes: the hand-written policies admit istio-cni\'s probe address on every protocol and port; the '
      + 'kubelet\'s probes are TCP (httpGet, tcpSocket, grpc), so dist admits TCP only, on the probe ports where they are known',
  },
  {
    to: IpBlock.ipv4('0.0.0.0/0'),
    ports: [Port.tcp(API_SERVER.endpointPort)],
    reason: `The API server: the hand-written policies admit 6443 on the whole node range 10.0.10.0/24 (or anywhere); dist admits `
      + `the API server endpoint itself (${API_SERVER.endpoints.join(', ')}, API_SERVER in cluster.ts) on 6443, for the pods that call the API`,
  },
  {
    to: IpBlock.host(API_SERVER.serviceIp),
    ports: [Port.tcp(API_SERVER.servicePort)],
    reason: 'The API Service IP: the hand-written policies admit 10.96.0.1:443 for every pod of most namespaces; dist admits it '
      + 'for the pods that call the API only (clusterApi), together with the endpoint the packet really goes to',
  },
];

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
      tightened: CLUSTER_WIDE_TIGHTENINGS,
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
