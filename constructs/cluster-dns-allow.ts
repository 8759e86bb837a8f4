import { Construct } from 'constructs';
import { KUBE_DNS } from '../homelab/cluster';
import { Pods } from './pods';
import {
  GlobalNetworkPolicy,
  GlobalNetworkPolicySpecEgressAction,
  GlobalNetworkPolicySpecTypes,
} from '../imports/calicov3-globalnetworkpolicy-projectcalico.org';
import { calicoMetadata, egressPortRules } from './calico-policy';
import { CalicoSelector } from './calico-selector';
import { fail } from './errors';
import { PassThroughTier } from './pass-through-tier';
import { Port } from './port';

export interface ClusterDnsAllowProps {
  /** The tier the policy goes in; it must pass on what the policy does not allow. */
  readonly tier: PassThroughTier;
  /**
   * The policy's order within its tier.
   * @default 100
   */
  readonly order?: number;
  /**
   * The DNS server pods.
   * @default - KUBE_DNS from cluster.ts (kube-system, k8s-app: kube-dns)
   */
  readonly dns?: Pods;
}

/**
 * `<tier>.allow-cluster-dns`: every pod of the cluster may send DNS (UDP and TCP 53) to the
 * kube-dns pods, whatever the Kubernetes NetworkPolicies of its namespace say.
 *
 * - Selects pods only (`has(projectcalico.org/namespace)`), not host endpoints: a host endpoint
 *   in the tier would be subject to the tier too, and nothing here is meant for hosts.
 * - Egress only: the DNS pods' own ingress is not this policy's business (kube-system's own
 *   `allow-dns-clients-ingress` admits DNS from every source on them).
 * - Selecting the pods is enough: for a workload endpoint Calico enforces policy after DNAT
 *   (Calico reference, GlobalNetworkPolicy: "when applying the policy to a workload endpoint,
 *   the policy is enforced after connection tracking and any DNAT"), so a lookup sent to the
 *   kube-dns Service IP is matched as traffic to a kube-dns pod.
 * - An `Allow` is final for the packet (Calico reference, Rule: "Allow and Deny are immediate
 *   and final"); anything else falls to the end of the tier, whose `defaultAction: Pass` hands
 *   it to the next tier.
 */
export class ClusterDnsAllow extends Construct {
  public readonly resource: GlobalNetworkPolicy;

  constructor(scope: Construct, id: string, props: ClusterDnsAllowProps) {
    super(scope, id);
    const order = props.order ?? 100;
    if (!Number.isFinite(order) || order < 0) {
      fail(this, `Policy order ${order} is not a finite number of at least 0. Use an order such as 100.`);
    }
    const dns = props.dns ?? KUBE_DNS;
    this.resource = new GlobalNetworkPolicy(this, 'Resource', {
      metadata: calicoMetadata(`${props.tier.tierName}.allow-cluster-dns`),
      spec: {
        tier: props.tier.tierName,
        order,
        selector: CalicoSelector.allPods().bind(this),
        types: [GlobalNetworkPolicySpecTypes.EGRESS],
        egress: egressPortRules(this, GlobalNetworkPolicySpecEgressAction.ALLOW, {
          namespaceSelector: CalicoSelector.namespaceNamed(dns.namespace).bind(this),
          selector: (dns.labels === undefined ? CalicoSelector.allPods() : CalicoSelector.labels(dns.labels)).bind(this),
        }, [Port.udp(53), Port.tcp(53)]),
      },
    });
  }
}
