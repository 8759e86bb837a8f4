import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { validateDnsSubdomain } from './dns-label';
import { FlowRule } from './flows';
import { Pods } from './pods';
import { bindPorts } from './port';
import { createPolicyResource, podsInNamespacePeer } from './policy-resource';

export interface FlowPolicyProps {
  /** metadata.name; part of the cluster contract, keep it stable. */
  readonly name: string;
  /** The pods of the chart's namespace the policy applies to. */
  readonly appliesTo: Pods;
  /**
   * One ingress rule per peer that may connect to `appliesTo`.
   * @default - none: the policy says nothing about ingress
   */
  readonly ingress?: readonly FlowRule[];
  /**
   * One egress rule per peer `appliesTo` may connect to.
   * @default - none: the policy says nothing about egress
   */
  readonly egress?: readonly FlowRule[];
}

/**
 * One policy written from the flows (see Flows) for one group of a namespace's pods: a rule per peer, on
 * the flows' ports.
 * NetworkPolicyApp creates these when it resolves the flows; they are not composed by hand.
 */
export class FlowPolicy extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: FlowPolicyProps) {
    super(scope, id);
    validateDnsSubdomain(this, 'Policy name', props.name);
    const ingress = props.ingress ?? [];
    const egress = props.egress ?? [];
    this.policy = createPolicyResource(this, {
      name: props.name,
      podSelector: props.appliesTo.labels === undefined ? {} : { matchLabels: { ...props.appliesTo.labels } },
      ...(ingress.length === 0 ? {} : {
        ingress: ingress.map((rule) => ({ from: [this.peer(rule.peer)], ports: bindPorts(this, rule.ports) })),
      }),
      ...(egress.length === 0 ? {} : {
        egress: egress.map((rule) => ({ to: [this.peer(rule.peer)], ports: bindPorts(this, rule.ports) })),
      }),
    });
  }

  /**
   * The peer as NetworkPolicy names it: pods of the policy's own namespace by podSelector alone (`{}` for
   * every pod), pods elsewhere by the namespace's name label and the pods' labels in one peer (ANDed).
   */
  private peer(pods: Pods): k8s.NetworkPolicyPeer {
    if (pods.namespace === Chart.of(this).namespace) {
      return { podSelector: pods.labels === undefined ? {} : { matchLabels: { ...pods.labels } } };
    }
    return podsInNamespacePeer(pods.namespace, pods.labels);
  }
}
