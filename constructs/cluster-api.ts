import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { API_SERVER } from '../homelab/cluster';
import { fail } from './errors';
import { IpBlock } from './ip-block';
import { PodSelectionProps, podSelectorFor } from './pod-selection';
import { Port, bindPorts } from './port';
import { createPolicyResource } from './policy-resource';

export interface ClusterApiProps extends PodSelectionProps {
  /**
   * The API server endpoint addresses (the `kubernetes` Service's EndpointSlice); must not be empty.
   * @default - API_SERVER.endpoints from cluster.ts
   */
  readonly endpoints?: readonly string[];
}

/**
 * `allow-cluster-api-egress`: egress to the Kubernetes API server.
 *
 * Calico evaluates egress after kube-proxy has DNATed the `kubernetes` Service IP to an API
 * server endpoint, so the seed's rule (10.96.0.1/32 on 443) alone admits nothing. This allows
 * the Service IP on 443, which keeps the intent readable and covers a kube-proxy-less dataplane,
 * and each endpoint address as a /32 on 6443, which is what the packet carries. Without
 * endpoints the rule would admit nothing the API server receives, so synth fails instead.
 */
export class ClusterApi extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: ClusterApiProps = {}) {
    super(scope, id);
    const endpoints = props.endpoints ?? API_SERVER.endpoints;
    const egress: k8s.NetworkPolicyEgressRule[] = [{
      to: [{ ipBlock: IpBlock.host(API_SERVER.serviceIp).bind(this) }],
      ports: bindPorts(this, [Port.tcp(API_SERVER.servicePort)]),
    }];
    if (endpoints.length === 0) {
      fail(this, `No API server endpoints are set, so pods here could not reach the API server: after kube-proxy's DNAT `
        + `the packet goes to an endpoint on ${API_SERVER.endpointPort}, not to ${API_SERVER.serviceIp}:${API_SERVER.servicePort}. `
        + 'Fill API_SERVER.endpoints in cluster.ts from: kubectl get endpointslice -n default -l kubernetes.io/service-name=kubernetes '
        + '-o jsonpath=\'{range .items[*].endpoints[*]}{.addresses[0]}{"\\n"}{end}\'');
    }
    egress.push({
      to: endpoints.map((address) => ({ ipBlock: IpBlock.host(address).bind(this) })),
      ports: bindPorts(this, [Port.tcp(API_SERVER.endpointPort)]),
    });
    this.policy = createPolicyResource(this, {
      name: 'allow-cluster-api-egress',
      podSelector: podSelectorFor(this, props.appliesToPods),
      egress,
    });
  }
}
