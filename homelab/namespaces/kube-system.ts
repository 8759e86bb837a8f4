import { Construct } from 'constructs';
import { KUBE_DNS, NODE_CIDR, PROMETHEUS, UPSTREAM_DNS_RESOLVERS } from '../cluster';
import { IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';

// Pod labels as the charts render them (see inventory/workloads.yaml, "kube-system").
/** metrics-server (chart 3.13.0, release metrics-server): the metrics.k8s.io APIService's backend. */
export const METRICS_SERVER = Pods.select('kube-system', 'metrics-server', {
  'app.kubernetes.io/name': 'metrics-server',
  'app.kubernetes.io/instance': 'metrics-server',
});
/** The sealed-secrets controller (chart 2.18.4, release sealed-secrets). */
export const SEALED_SECRETS = Pods.select('kube-system', 'sealed-secrets', {
  'app.kubernetes.io/name': 'sealed-secrets',
  'app.kubernetes.io/instance': 'sealed-secrets',
});

const DNS = [Port.udp(53), Port.tcp(53)];
/** metrics-server's secure port (the chart's containerPort, passed as --secure-port) and every kubelet's. */
const METRICS_SERVER_HTTPS = Port.tcp(10250);
const KUBELET = Port.tcp(10250);

/**
 * kube-system: CoreDNS (kubeadm's, not ArgoCD's), metrics-server, the sealed-secrets controller and the VPA
 * recommender on the pod network; kube-proxy and the control plane (kubeadm's static pods) on the host
 * network, where NetworkPolicy does not apply: the namespace-wide policies select them on paper, which the
 * linter reports (host-network-selected), and change nothing for them.
 *
 * At least as tight as the owner's hand-written policy (imcbeth/homelab manifests/base/network-policies/
 * kube-system/network-policy.yaml, one policy over every pod), and tighter where it was loose:
 * - DNS from any source on UDP and TCP 53 on the CoreDNS pods only (the owner opens 53 on every pod).
 *   Any source, as the owner has it: pods of every namespace, exempt ones included, and hostNetwork
 *   pods with dnsPolicy ClusterFirstWithHostNet (istio-cni-node, where its chart puts it on the host
 *   network, sets it), which ask from a node address or the node's tunl0 address that no
 *   namespaceSelector names.
 * - Upstream DNS on UDP and TCP 53 from the CoreDNS pods only, to the nodes' resolver (the owner lets every
 *   pod reach 0.0.0.0/0 on 53).
 * - The API server's calls from any source on the exact ports: metrics-server's 10250 (the metrics.k8s.io
 *   APIService; the owner opens 4443, which chart 3.13.0 no longer listens on) and the sealed-secrets
 *   controller's 8080 (kubeseal --fetch-cert and --validate go through the API server's service proxy), as
 *   ApiServerWebhook does for webhooks (docs/app.md, "Webhooks called by the API server").
 * - Prometheus's pods, not all of default, on CoreDNS's 9153, metrics-server's 10250 and sealed-secrets'
 *   8081 (the chart's coreDns ServiceMonitor, the homelab's metrics-server ServiceMonitor, the
 *   sealed-secrets chart's). One flow per target, so each port opens on its own pods only.
 * - The kubelets on 10250 at the node addresses for metrics-server only (the owner: every pod).
 * - The owner's rules for the host-network components (10250, 10255, 10257, 10259 from default, 10256 from
 *   the nodes) are not carried over: they admit nothing, since those components are not on the pod network;
 *   Prometheus reaches them at NODE_CIDR (default's allow-nodes-metrics-egress).
 *
 * Every pod-network workload here watches the API (CoreDNS its Services and EndpointSlices, metrics-server
 * the nodes and the APIService, sealed-secrets its SealedSecrets and Secrets, the VPA recommender pods and
 * VPA objects), so `clusterApi` is for every pod, with 6443 on the node addresses (the owner's rule) until
 * the API server endpoints are known: CoreDNS without the API stops answering for new Services.
 *
 * Not verified: that nothing else runs on the pod network here (it would keep DNS only); the nodes'
 * resolver (UPSTREAM_DNS_RESOLVERS); the metrics-server and sealed-secrets ports (chart defaults the
 * homelab's values do not override, read in the templates at the pinned versions).
 */
export class KubeSystem extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'kube-system', {
      ingressFromAnySource: [
        // Every pod's resolver, whichever namespace it is in, and the hostNetwork clients from node addresses.
        { peerName: 'dns-clients', ports: DNS, appliesToPods: KUBE_DNS.labels },
        // The API server proxies metrics.k8s.io (kubectl top, HPAs, the VPA recommender) to metrics-server.
        { peerName: 'api-server-to-metrics-server', ports: [METRICS_SERVER_HTTPS], appliesToPods: METRICS_SERVER.labels },
        // kubeseal fetches the public certificate and validates through the API server's service proxy.
        { peerName: 'api-server-to-sealed-secrets', ports: [Port.tcp(8080)], appliesToPods: SEALED_SECRETS.labels },
      ],
      ingressFrom: [
        { from: PROMETHEUS, to: KUBE_DNS, ports: [Port.tcp(9153)] },
        { from: PROMETHEUS, to: METRICS_SERVER, ports: [METRICS_SERVER_HTTPS] },
        { from: PROMETHEUS, to: SEALED_SECRETS, ports: [Port.tcp(8081)] },
      ],
      egressToIpBlocks: [
        // CoreDNS forwards every name outside cluster.local to the nodes' resolver.
        ...UPSTREAM_DNS_RESOLVERS.map((resolver) => ({
          peerName: resolver.name, ipBlock: IpBlock.host(resolver.address), ports: DNS, appliesToPods: KUBE_DNS.labels,
        })),
        // metrics-server scrapes each kubelet at its InternalIP (--kubelet-preferred-address-types).
        { peerName: 'kubelets', ipBlock: IpBlock.ipv4(NODE_CIDR), ports: [KUBELET], appliesToPods: METRICS_SERVER.labels },
      ],
      clusterApi: true,
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          to: Pods.all('kube-system'), ports: DNS,
          reason: 'DNS: 53 was open on every pod of kube-system; now on the CoreDNS pods only, where the cluster DNS answers',
        },
        {
          to: Pods.all('kube-system'), ports: [Port.tcp(4443), Port.tcp(8080), Port.tcp(10256)],
          reason: '4443, 8080 and 10256 on every pod of kube-system: metrics-server listens on 10250 at chart 3.13.0 (not 4443), '
            + 'the sealed-secrets controller alone serves 8080, and kube-proxy\'s health port 10256 is on the host network, '
            + 'where no NetworkPolicy applies',
        },
        {
          from: Pods.all('kube-system'), to: IpBlock.ipv4('0.0.0.0/0'), ports: DNS,
          reason: 'Upstream DNS: every pod of kube-system could query any resolver on 53; now CoreDNS alone, to the nodes\' resolver '
            + '(UPSTREAM_DNS_RESOLVERS in cluster.ts)',
        },
        {
          from: Pods.all('kube-system'), to: IpBlock.ipv4(NODE_CIDR), ports: [KUBELET],
          reason: 'The kubelets: every pod of kube-system could reach 10250 on the node addresses; now metrics-server alone, which scrapes them',
        },
        {
          from: Pods.all('kube-system'), to: Pods.all('kube-system'), ports: DNS,
          reason: 'Inside kube-system on 53: every pod could reach every other; now every pod reaches CoreDNS only (allow-dns-egress)',
        },
      ],
    });
  }
}
