import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { validateDnsLabel } from './dns-label';
import { PodSelectionProps, podSelectorFor } from './pod-selection';
import { Port, bindPorts } from './port';
import { createPolicyResource, podsInNamespacePeer } from './policy-resource';

export interface EgressToNamespaceProps extends PodSelectionProps {
  /** Names the policy `allow-<peerName>-egress`; part of the cluster contract, keep it stable. */
  readonly peerName: string;
  /** The namespace the traffic goes to. */
  readonly namespace: string;
  /**
   * Narrows the peer to the pods with these labels in `namespace`.
   * @default - every pod in `namespace`
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** The ports on the peer pods this namespace's pods may reach. */
  readonly ports: readonly Port[];
}

/** `allow-<peerName>-egress`: egress to pods in another namespace on the given ports. */
export class EgressToNamespace extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: EgressToNamespaceProps) {
    super(scope, id);
    validateDnsLabel(this, 'Peer name', props.peerName);
    validateDnsLabel(this, 'Namespace', props.namespace);
    this.policy = createPolicyResource(this, {
      name: `allow-${props.peerName}-egress`,
      podSelector: podSelectorFor(this, props.appliesToPods),
      egress: [{
        to: [podsInNamespacePeer(props.namespace, props.podLabels)],
        ports: bindPorts(this, props.ports),
      }],
    });
  }
}
