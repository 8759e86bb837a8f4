/**
 * What the policies deny today on purpose or cannot reach, each with the reason: the docs render them,
 * and a test asserts every listed flow is still denied (a gap that starts passing was fixed: remove it
 * and, if the flow is meant, declare it in its namespace).
 */
export interface KnownGap {
  readonly title: string;
  readonly why: string;
  /** Concrete flows (inventory workloads `ns/name`, or an address) that show the gap; may be empty when none can be named. */
  readonly deniedFlows: readonly { readonly from: string; readonly to: string; readonly port: string }[];
}

export const KNOWN_GAPS: readonly KnownGap[] = [
  {
    title: 'Prometheus cannot scrape loki-canary',
    why:
      'Loki chart 6.x runs a loki-canary DaemonSet that exposes its metrics on TCP 3500. The seed opens only 3100 ' +
      'to Prometheus in loki, so the canary target stays down.',
    deniedFlows: [{ from: 'default/prometheus-kube-prometheus-stack-prometheus', to: 'loki/loki-canary', port: 'TCP/3500' }],
  },
  {
    title: 'The MetalLB speaker is outside NetworkPolicy (hostNetwork)',
    why:
      'The speaker DaemonSet runs on the host network, and NetworkPolicy does not apply to host-network pods: its ' +
      'traffic (ARP answers, memberlist on 7946, metrics on 7472, the API server) is the node\'s, and no policy here ' +
      'stops or admits it. The analyzer models it as a pod, so the matrix shows it isolated by metallb-system\'s ' +
      'default-deny except for DNS; that is not what the cluster does. The linter reports the two metallb-system ' +
      'policies that select it (host-network-selected). Protecting it needs a Calico HostEndpoint policy.',
    deniedFlows: [],
  },
  {
    title: 'DNSChaos does not work in chaos-mesh',
    why:
      'DNSChaos points the target pods at chaos-dns-server, so pods of any namespace would query it on 53, and the ' +
      'server forwards other names to the node\'s own resolvers (dnsPolicy: Default, forward . /etc/resolv.conf), ' +
      'whose addresses are not a cluster fact. None of the homelab\'s experiments uses DNSChaos, so neither flow is ' +
      'allowed; using it needs ingress on UDP and TCP 53 from the target namespaces and egress to the node resolvers.',
    deniedFlows: [{ from: 'default/test-pod', to: 'chaos-mesh/chaos-dns-server', port: 'UDP/53' }],
  },
  {
    title: "Strimzi's own NetworkPolicies open Kafka's 9092 and the topic operator's 8080 to every pod",
    why:
      'The Strimzi operator writes ingress NetworkPolicies into kafka (generateNetworkPolicy defaults to true): ' +
      'kafka-cluster-network-policy-kafka admits every pod of the cluster on the plain listener 9092, because the ' +
      'listener sets no networkPolicyPeers, and kafka-cluster-entity-operator admits every pod on 8080. Policies add up, ' +
      'so in the cluster those ports are open on the ingress side; only the senders\' own egress (the protected ' +
      'namespaces) stops them. The analyzer reads dist/ only and does not see them. Fix: set networkPolicyPeers on the ' +
      'plain listener of the Kafka CR (the flink-demo namespace), or generateNetworkPolicy: false in the Strimzi values.',
    deniedFlows: [],
  },
  {
    title: 'node-exporter is outside NetworkPolicy (hostNetwork)',
    why:
      'kube-prometheus-stack runs node-exporter on the host network, so no NetworkPolicy applies to it and Prometheus ' +
      'scrapes it at the node addresses on 9100 (allow-nodes-metrics-egress, NODE_CIDR). The analyzer models it as a ' +
      'pod in default, so the matrix shows it as a pod of default; the linter reports the policies of default that ' +
      'select it (host-network-selected).',
    deniedFlows: [],
  },
  {
    title: 'The Synology CSI driver is outside NetworkPolicy (hostNetwork)',
    why:
      'synology-csi-controller, synology-csi-node and synology-csi-snapshotter run on the host network, so their ' +
      'traffic is the node\'s: the DSM API on the NAS (10.0.1.204 on 5000 and 5001, per the homelab\'s hand-written ' +
      'policy), the iSCSI sessions on 3260 that the node\'s iscsiadm opens, and the Kubernetes API. No policy here ' +
      'admits or stops it. The analyzer models them as pods, so the matrix shows them isolated except for DNS and the ' +
      'API; that is not what the cluster does. The linter reports the synology-csi policies that select them ' +
      '(host-network-selected). Protecting the driver needs a Calico HostEndpoint policy.',
    deniedFlows: [],
  },
  {
    title: 'The control plane and kube-proxy are outside NetworkPolicy (hostNetwork)',
    why:
      'kubeadm runs kube-apiserver, etcd, kube-controller-manager and kube-scheduler as static pods and kube-proxy as a ' +
      'DaemonSet, all on the host network, so kube-system\'s policies do not apply to them: their traffic (the API on ' +
      '6443, etcd, the metrics on 10249, 10257, 10259 and 2381, kube-proxy\'s health on 10256) is the node\'s. The ' +
      'analyzer models them as pods of kube-system, isolated except for DNS and the API; that is not what the cluster ' +
      'does. The linter reports the kube-system policies that select them (host-network-selected). Protecting them needs ' +
      'Calico HostEndpoint policies, whose mistakes lock out the API server itself.',
    deniedFlows: [],
  },
];
