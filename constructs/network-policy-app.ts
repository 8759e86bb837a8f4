import { App, AppProps } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ISTIO_AMBIENT } from '../homelab/cluster';
import { ConfigurationError } from './errors';
import { FlowPolicy } from './flow-policy';
import { ResolvedFlows, resolveFlows } from './flows';
import { ProtectedNamespace } from './protected-namespace';
import { callerSite } from './source-site';
import { Tightening, TighteningProps } from './tightening';

export interface NetworkPolicyAppProps extends AppProps {
  /**
   * The cluster's namespaces that get no policies from this app (each with a stated reason elsewhere).
   * Flows may name their pods as peers: the protected end gets its policy, the exempt end nothing.
   * @default - none: every peer must be a protected namespace
   */
  readonly exemptNamespaces?: readonly string[];
  /**
   * The namespaces in the Istio ambient mesh: a flow between two of them also admits TCP 15008 (HBONE)
   * on both ends, and an enrolled namespace admits the kubelet's probes from istio-cni by default.
   * @default ISTIO_AMBIENT.enrolledNamespaces (cluster.ts)
   */
  readonly ambientEnrolledNamespaces?: readonly string[];
  /**
   * Connections the cluster's earlier policies allowed that the app denies on purpose across namespaces (the
   * namespaces' own are in their props), each with its reason; the migration report reads them.
   * @default - none
   */
  readonly tightened?: readonly TighteningProps[];
}

/**
 * The app of protected namespaces. Each ProtectedNamespace declares its flows; before synthesis the app
 * resolves them once across all namespaces (`resolve`) and writes each flow's policy on every protected
 * end, so a flow between two protected namespaces is declared once and both ends follow.
 */
export class NetworkPolicyApp extends App {
  /** The NetworkPolicyApp at the root of `construct`'s tree, if it is one. */
  public static tryOf(construct: IConstruct): NetworkPolicyApp | undefined {
    const root = construct.node.root;
    return root instanceof NetworkPolicyApp ? root : undefined;
  }

  public readonly exemptNamespaces: readonly string[];
  public readonly ambientEnrolledNamespaces: readonly string[];
  private readonly appTightenings: readonly Tightening[];
  private resolved: ResolvedFlows | undefined;

  constructor(props: NetworkPolicyAppProps = {}) {
    super(props);
    this.exemptNamespaces = props.exemptNamespaces ?? [];
    this.ambientEnrolledNamespaces = props.ambientEnrolledNamespaces ?? ISTIO_AMBIENT.enrolledNamespaces;
    const site = callerSite();
    this.appTightenings = (props.tightened ?? []).map((tightening) => ({ ...tightening, declaredAt: site }));
  }

  /** Every tightening: the app's own first, then each namespace's, in composition order. */
  public get tightenings(): readonly Tightening[] {
    return [...this.appTightenings, ...this.protectedNamespaces.flatMap((namespace) => namespace.tightenings)];
  }

  /** The protected namespaces composed so far, in composition order. */
  public get protectedNamespaces(): readonly ProtectedNamespace[] {
    return this.node.children.filter(ProtectedNamespace.isProtectedNamespace);
  }

  /** Whether the flows were resolved (after which no namespace may be added). */
  public get isResolved(): boolean {
    return this.resolved !== undefined;
  }

  /**
   * Resolves every namespace's flows and writes their policies into the namespace charts; idempotent.
   * `synth` and `synthYaml` call it. Throws a ConfigurationError for a flow that names an unknown
   * namespace, a flow declared twice, or two policies that would share a name.
   */
  public resolve(): ResolvedFlows {
    if (this.resolved !== undefined) {
      return this.resolved;
    }
    const namespaces = this.protectedNamespaces;
    const exempt = new Set(this.exemptNamespaces);
    for (const namespace of namespaces) {
      if (exempt.has(namespace.name)) {
        throw new ConfigurationError(`[${namespace.node.path}] Namespace "${namespace.name}" is composed as protected and also listed as exempt. `
          + 'Remove it from the exempt namespaces, or do not compose it.');
      }
    }
    const resolved = resolveFlows(namespaces.flatMap((namespace) => namespace.flows), {
      protectedNamespaces: new Set(namespaces.map((namespace) => namespace.name)),
      exemptNamespaces: exempt,
      ambientEnrolledNamespaces: this.ambientEnrolledNamespaces,
    });
    const byName = new Map(namespaces.map((namespace) => [namespace.name, namespace]));
    for (const policy of resolved.policies) {
      const chart = byName.get(policy.namespace)!;
      new FlowPolicy(chart, constructIdFor(policy.name), {
        name: policy.name,
        appliesTo: policy.local,
        ingress: policy.ingress,
        egress: policy.egress,
      });
    }
    this.resolved = resolved;
    this.onResolved(resolved);
    return resolved;
  }

  public synth(): void {
    this.resolve();
    super.synth();
  }

  public synthYaml(): string {
    this.resolve();
    return super.synthYaml();
  }

  /** For subclasses: add what depends on the complete set of namespaces (runs once, after the flows). */
  protected onResolved(_resolved: ResolvedFlows): void {
    // Nothing by default.
  }
}

/** `allow-loki-ingress` becomes `Flow-AllowLokiIngress`: stable, and apart from the hand-composed ids. */
function constructIdFor(policyName: string): string {
  return `Flow-${policyName.split(/[-.]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')}`;
}
