import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { PodSelectionProps, podSelectorFor } from './pod-selection';
import { Port, bindPorts } from './port';
import { createPolicyResource } from './policy-resource';

export interface ApiServerWebhookProps extends PodSelectionProps {
  /** The ports the webhook server listens on (the container port, not the Service port). */
  readonly ports: readonly Port[];
}

/**
 * `allow-api-server-webhook-ingress`: the API server calls an admission (or conversion) webhook
 * served by pods of this namespace, on the webhook's ports, from any source address.
 *
 * Why any source: the API server runs on the host network of the control-plane node, so its
 * call arrives from an address, not from a pod that a namespaceSelector could name: with Calico
 * IPIP, from the node's IP when the webhook pod runs on that node and from the node's tunl0
 * address (inside the pod CIDR) otherwise. An ipBlock of node CIDR plus pod CIDR would be
 * nearly "anywhere in the cluster" anyway (under Calico an ipBlock over the pod CIDR also matches
 * pod IPs), and would break the webhook, which blocks creating the resources it validates, if
 * the node addresses changed. The port is what is narrowed, to the pods named by `appliesToPods`,
 * and the webhook serves TLS with a certificate the API server verifies (the caBundle of the
 * webhook configuration), so a caller gains nothing but an admission answer. cert-manager's own
 * chart ships the same rule (webhook.networkPolicy.ingress: from ipBlock 0.0.0.0/0).
 *
 * The linter's allow-all-sources rule reports this policy; that exposure is the intent.
 */
export class ApiServerWebhook extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: ApiServerWebhookProps) {
    super(scope, id);
    this.policy = createPolicyResource(this, {
      name: 'allow-api-server-webhook-ingress',
      podSelector: podSelectorFor(this, props.appliesToPods),
      // No `from`: every source, because the API server's source address is not a pod's.
      ingress: [{ ports: bindPorts(this, props.ports) }],
    });
  }
}
