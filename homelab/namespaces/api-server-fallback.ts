import { API_SERVER } from '../cluster';
import { EgressToIpBlockProps, IpBlock, PodLabels, Port } from '../../constructs';

/**
 * The pod and Service CIDRs (Calico's IPPool, kubeadm's --service-cidr), the ranges the linter assumes too
 * (lint/index.ts DEFAULT_LINT_OPTIONS): the fallback leaves them out, so it admits node addresses only.
 */
export const CLUSTER_CIDRS: readonly string[] = ['192.168.0.0/16', '10.96.0.0/12'];

/**
 * `allow-api-server-unknown-endpoints-egress`, for the few namespaces that must never lose the API server
 * (argocd, which syncs these very policies; ingress-nginx, which every web UI goes through and which
 * cannot start without the API; kube-system and istio-system, whose CoreDNS, istiod and istio-cni the
 * whole cluster depends on). ClusterApi admits the Service IP, but Calico sees the packet after the
 * DNAT, addressed to an API server endpoint on 6443, and the endpoints are not yet known
 * (API_SERVER.endpoints in cluster.ts is empty). Until they are filled in, 6443 is admitted on
 * `addresses`: by default any address outside the pod and Service CIDRs, which is wherever the
 * control-plane node is; kube-system and istio-system pass the node addresses (NODE_CIDR), as the
 * owner's hand-written policies for them, running today, already do. Empty once the endpoints are set:
 * ClusterApi covers them then.
 */
export function apiServerFallback(appliesToPods?: PodLabels, addresses: IpBlock = IpBlock.ipv4('0.0.0.0/0', CLUSTER_CIDRS)): EgressToIpBlockProps[] {
  if (API_SERVER.endpoints.length > 0) return [];
  return [{
    peerName: 'api-server-unknown-endpoints',
    ipBlock: addresses,
    ports: [Port.tcp(API_SERVER.endpointPort)],
    appliesToPods,
  }];
}
