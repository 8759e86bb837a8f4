import { Construct } from 'constructs';
import {
  NetworkPolicy, NetworkPolicySpecEgressAction, NetworkPolicySpecEgressProtocol, NetworkPolicySpecTypes,
} from '../imports/calicov3-networkpolicy-projectcalico.org';
import { calicoMetadata, validateOrder, KUBERNETES_NETWORK_POLICY_ORDER } from './calico-policy';
import { CalicoSelector } from './calico-selector';
import { fail } from './errors';
import { IpBlock } from './ip-block';
import { PodLabels } from './pod-selection';

/** The order of `log-and-deny-protected-namespaces` (LogDeniedTraffic's default): an allow must come before it. */
const LOG_AND_DENY_ORDER = 10_000;

export interface IcmpEgressProps {
  /** Names the policy `allow-<peerName>-icmp-egress`; part of the cluster contract, keep it stable. */
  readonly peerName: string;
  /** The pods that send the ICMP (echo) requests. */
  readonly appliesToPods: PodLabels;
  /** The addresses they may send ICMP to (IPv4 /32s or ranges). */
  readonly destinations: readonly IpBlock[];
  /**
   * The policy's order in the default tier. It must come before `log-and-deny-protected-namespaces`
   * (10000), which would log and deny the packets first; the Kubernetes NetworkPolicies sit at 1000 and
   * admit no ICMP, so any order below 10000 works.
   * @default 900
   */
  readonly order?: number;
}

/**
 * `allow-<peerName>-icmp-egress`: a Calico NetworkPolicy (projectcalico.org/v3) in the chart's namespace that
 * lets the selected pods send ICMP to the given addresses. Kubernetes NetworkPolicy has no ICMP, and a pod
 * with an egress policy sends nothing its rules do not name, so an ICMP prober (blackbox-exporter's icmp
 * module) needs a Calico rule. Egress only: the replies are return traffic of the same flow, which Calico's
 * conntrack admits. In the default tier with an explicit order, so it is evaluated before the log-and-deny
 * policy (a Calico policy without an order sorts after every ordered one).
 */
export class IcmpEgress extends Construct {
  public readonly policy: NetworkPolicy;

  constructor(scope: Construct, id: string, props: IcmpEgressProps) {
    super(scope, id);
    const order = props.order ?? 900;
    validateOrder(this, 'ICMP policy order', order, 0, LOG_AND_DENY_ORDER,
      `it must come before log-and-deny-protected-namespaces (${LOG_AND_DENY_ORDER}), which would deny the ICMP first; `
      + `the Kubernetes NetworkPolicies are at ${KUBERNETES_NETWORK_POLICY_ORDER}`);
    if (props.destinations.length === 0) {
      fail(this, 'No ICMP destinations given; an empty list would write a rule with no nets, which matches every address. '
        + "Name the hosts, e.g. [IpBlock.host('10.0.1.1')].");
    }
    for (const block of props.destinations) {
      if (block.except.length > 0) {
        fail(this, `ICMP destination ${block.cidr} has except ${JSON.stringify(block.except)}, which a Calico rule writes as notNets; `
          + 'give the hosts or ranges to admit without except.');
      }
    }
    this.policy = new NetworkPolicy(this, 'Resource', {
      metadata: calicoMetadata(`allow-${props.peerName}-icmp-egress`),
      spec: {
        order,
        selector: CalicoSelector.labels(props.appliesToPods).bind(this),
        types: [NetworkPolicySpecTypes.EGRESS],
        egress: [{
          action: NetworkPolicySpecEgressAction.ALLOW,
          protocol: NetworkPolicySpecEgressProtocol.fromString('ICMP'),
          destination: { nets: props.destinations.map((block) => block.bind(this).cidr) },
        }],
      },
    });
  }
}
