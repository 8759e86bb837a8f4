import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { validateDnsLabel } from './dns-label';
import { PodSelectionProps, podSelectorFor } from './pod-selection';
import { Port, bindPorts } from './port';
import { createPolicyResource } from './policy-resource';

export interface IngressFromAnySourceProps extends PodSelectionProps {
  /** Names the policy `allow-<peerName>-ingress`, for who the clients are; part of the cluster contract, keep it stable. */
  readonly peerName: string;
  /** The ports open to every source (the container ports, not the Service ports). */
  readonly ports: readonly Port[];
}

/**
 * `allow-<peerName>-ingress`: ingress on the given ports from every source, for a service whose
 * clients cannot be named by a selector or a fixed address: an ingress controller behind a
 * LoadBalancer address, which LAN clients, the internet (through port forwarding) and the cluster's
 * own pods all reach. With `externalTrafficPolicy: Local` the client's address is kept, so the
 * sources are as many as the clients; with `Cluster` they would be node addresses. Either way no
 * peer list is right, so the port is what is narrowed, to the pods named by `appliesToPods`.
 *
 * For the API server's calls to a webhook use ApiServerWebhook, whose name says why. The linter's
 * allow-all-sources rule reports this policy; that exposure is the intent.
 */
export class IngressFromAnySource extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: IngressFromAnySourceProps) {
    super(scope, id);
    validateDnsLabel(this, 'Peer name', props.peerName);
    this.policy = createPolicyResource(this, {
      name: `allow-${props.peerName}-ingress`,
      podSelector: podSelectorFor(this, props.appliesToPods),
      // No `from`: every source address.
      ingress: [{ ports: bindPorts(this, props.ports) }],
    });
  }
}
