import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { validateDnsLabel } from './dns-label';
import { IpBlock } from './ip-block';
import { PodSelectionProps, podSelectorFor } from './pod-selection';
import { Port, bindPorts } from './port';
import { createPolicyResource } from './policy-resource';

export interface EgressToIpBlockProps extends PodSelectionProps {
  /** Names the policy `allow-<peerName>-egress`; part of the cluster contract, keep it stable. */
  readonly peerName: string;
  /** The addresses the traffic goes to, e.g. `IpBlock.host('10.0.1.1')`. */
  readonly ipBlock: IpBlock;
  /** The ports on those addresses this namespace's pods may reach. */
  readonly ports: readonly Port[];
}

/** `allow-<peerName>-egress`: egress to addresses outside the pod network on the given ports. */
export class EgressToIpBlock extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: EgressToIpBlockProps) {
    super(scope, id);
    validateDnsLabel(this, 'Peer name', props.peerName);
    this.policy = createPolicyResource(this, {
      name: `allow-${props.peerName}-egress`,
      podSelector: podSelectorFor(this, props.appliesToPods),
      egress: [{
        to: [{ ipBlock: props.ipBlock.bind(this) }],
        ports: bindPorts(this, props.ports),
      }],
    });
  }
}
