import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { KUBE_DNS } from '../homelab/cluster';
import { Port, bindPorts } from './port';
import { createPolicyResource, podsInNamespacePeer } from './policy-resource';

/**
 * `allow-dns-egress`: egress to the kube-dns pods in kube-system on UDP and TCP 53.
 *
 * The peer holds namespaceSelector and podSelector together, so both must match. The seed wrote
 * them as two peers, which Kubernetes ORs: "any pod in kube-system" or "pods labelled
 * k8s-app: kube-dns in the policy's own namespace"; that opened port 53 to all of kube-system
 * and matched no DNS pod at all through the second peer. With Calico behind kube-proxy, a lookup
 * sent to the kube-dns Service IP is DNATed to a pod IP before policy sees it, so selecting the
 * pods is enough.
 */
export class DnsEgress extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.policy = createPolicyResource(this, {
      name: 'allow-dns-egress',
      egress: [{
        to: [podsInNamespacePeer(KUBE_DNS.namespace, KUBE_DNS.labels)],
        ports: bindPorts(this, [Port.udp(53), Port.tcp(53)]),
      }],
    });
  }
}
