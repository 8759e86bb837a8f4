import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterDnsAllow } from './cluster-dns-allow';
import { LogDeniedTraffic } from './log-denied-traffic';
import { PassThroughTier, PassThroughTierProps } from './pass-through-tier';

export interface CalicoGlobalPoliciesProps {
  /** The protected (default-deny) namespaces whose dropped traffic is logged; must not be empty. */
  readonly protectedNamespaces: readonly string[];
  /**
   * The tier of the cluster-wide allows.
   * @default - PassThroughTier's defaults: `platform`, order 100000
   */
  readonly tier?: PassThroughTierProps;
}

/**
 * The cluster-wide Calico policies (projectcalico.org/v3), as one chart without a namespace:
 *
 * 1. Tier `platform` (order 100000, `defaultAction: Pass`): evaluated before the default tier.
 * 2. `platform.allow-cluster-dns` in it: DNS to kube-dns for every pod.
 * 3. `log-and-deny-protected-namespaces` in the default tier, order 10000 (after the Kubernetes
 *    NetworkPolicies at 1000): log, then deny, what none of them allowed in the protected
 *    namespaces.
 *
 * Evaluation for a packet of a pod (docs.tigera.io, Calico reference, Tier): tier `platform`
 * allows DNS and passes the rest; the default tier applies the pod's Kubernetes NetworkPolicies;
 * in a protected namespace, what they did not allow is logged and denied; in any other
 * namespace no policy of the default tier selects the pod, that tier is skipped, and the pod's
 * profile allows the packet, as before.
 */
export class CalicoGlobalPolicies extends Chart {
  public readonly tier: PassThroughTier;

  constructor(scope: Construct, id: string, props: CalicoGlobalPoliciesProps) {
    // No namespace: Tier and GlobalNetworkPolicy are cluster-scoped.
    super(scope, id);
    this.tier = new PassThroughTier(this, 'PlatformTier', props.tier);
    new ClusterDnsAllow(this, 'ClusterDns', { tier: this.tier });
    new LogDeniedTraffic(this, 'LogDenied', { namespaces: props.protectedNamespaces });
  }
}
