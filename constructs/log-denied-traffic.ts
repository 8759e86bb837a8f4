import { Construct } from 'constructs';
import {
  GlobalNetworkPolicy,
  GlobalNetworkPolicySpecEgressAction,
  GlobalNetworkPolicySpecIngressAction,
  GlobalNetworkPolicySpecTypes,
} from '../imports/calicov3-globalnetworkpolicy-projectcalico.org';
import { DEFAULT_TIER, KUBERNETES_NETWORK_POLICY_ORDER, calicoMetadata, validateOrder } from './calico-policy';
import { CalicoSelector } from './calico-selector';

/** metadata.name of the policy; part of the cluster contract like every policy name. */
export const LOG_DENIED_POLICY_NAME = 'log-and-deny-protected-namespaces';

export interface LogDeniedTrafficProps {
  /** The namespaces whose pods are already default-deny; must not be empty. */
  readonly namespaces: readonly string[];
  /**
   * The policy's order in the default tier; must be above 1000, the order Calico gives every
   * Kubernetes NetworkPolicy, so that it only sees what none of them allowed.
   * @default 10000
   */
  readonly order?: number;
}

/**
 * `log-and-deny-protected-namespaces`: in the default tier, after the Kubernetes
 * NetworkPolicies, logs and then denies every packet to or from a pod of the protected
 * namespaces that no NetworkPolicy allowed, so dropped flows appear in the node's kernel log.
 *
 * - It changes no verdict: these namespaces have `default-deny` for both directions, so the
 *   default tier already drops what their policies do not allow (end-of-tier drop, Calico
 *   reference, Tier). The `Deny` states that explicitly, after the `Log`.
 * - `Log` is not final: "After a Log action, processing continues with the next rule" (Calico
 *   reference, Rule). Felix renders it as a kernel LOG rule with the FelixConfiguration
 *   `logPrefix`, default `calico-packet` (Felix configuration reference), so each denied packet
 *   is one `calico-packet: IN=... OUT=... SRC=... DST=... PROTO=... DPT=...` kernel log line.
 * - It selects only the pods of the listed namespaces (`projectcalico.org/namespace in {...}`):
 *   a policy that selects a pod in the default tier makes that tier drop what no policy there
 *   allows, so selecting any other pod would deny all of that pod's traffic.
 * - The order must stay above 1000: Kubernetes NetworkPolicies are Calico policies of order
 *   1000 in the default tier (calico issue 3981), and the lowest order runs first, so an order
 *   of 1000 or less would log and deny before any allow policy is consulted.
 */
export class LogDeniedTraffic extends Construct {
  public readonly resource: GlobalNetworkPolicy;

  constructor(scope: Construct, id: string, props: LogDeniedTrafficProps) {
    super(scope, id);
    const order = props.order ?? 10_000;
    validateOrder(this, 'Policy order', order, KUBERNETES_NETWORK_POLICY_ORDER, Number.POSITIVE_INFINITY,
      'the policy must come after the Kubernetes NetworkPolicies (order 1000 in the default tier), or it would deny what they allow');
    this.resource = new GlobalNetworkPolicy(this, 'Resource', {
      metadata: calicoMetadata(LOG_DENIED_POLICY_NAME),
      spec: {
        tier: DEFAULT_TIER,
        order,
        selector: CalicoSelector.podsInNamespaces(props.namespaces).bind(this),
        types: [GlobalNetworkPolicySpecTypes.INGRESS, GlobalNetworkPolicySpecTypes.EGRESS],
        ingress: [{ action: GlobalNetworkPolicySpecIngressAction.LOG }, { action: GlobalNetworkPolicySpecIngressAction.DENY }],
        egress: [{ action: GlobalNetworkPolicySpecEgressAction.LOG }, { action: GlobalNetworkPolicySpecEgressAction.DENY }],
      },
    });
  }
}
