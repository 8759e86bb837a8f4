import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { PRIVATE_RANGES } from '../homelab/cluster';
import { IpBlock } from './ip-block';
import { PodSelectionProps, podSelectorFor } from './pod-selection';
import { Port, bindPorts } from './port';
import { createPolicyResource } from './policy-resource';

/** Which pods may reach the internet on 443; see PodSelectionProps. */
export type ExternalHttpsProps = PodSelectionProps;

/**
 * `allow-external-https-egress`: egress on TCP 443 to the internet, meaning every IPv4 address
 * except the private ranges, so this rule never opens the LAN or the cluster's own networks.
 */
export class ExternalHttps extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: ExternalHttpsProps = {}) {
    super(scope, id);
    this.policy = createPolicyResource(this, {
      name: 'allow-external-https-egress',
      podSelector: podSelectorFor(this, props.appliesToPods),
      egress: [{
        to: [{ ipBlock: IpBlock.ipv4('0.0.0.0/0', PRIVATE_RANGES).bind(this) }],
        ports: bindPorts(this, [Port.tcp(443)]),
      }],
    });
  }
}
