/**
 * Cluster facts: the addresses and labels the policies depend on, in one place so a change
 * in the cluster is a change in one file. Each fact says how to read it from a live cluster.
 */
import { Pods } from '../constructs/pods';

/**
 * The Kubernetes API server.
 *
 * Read with:
 *   kubectl get service kubernetes -n default -o jsonpath='{.spec.clusterIP}'
 *   kubectl get endpointslice -n default -l kubernetes.io/service-name=kubernetes \
 *     -o jsonpath='{range .items[*].endpoints[*]}{.addresses[0]}{"\n"}{end}'
 *   kubectl get endpointslice -n default -l kubernetes.io/service-name=kubernetes \
 *     -o jsonpath='{.items[0].ports[0].port}'
 */
export const API_SERVER = {
  serviceIp: '10.96.0.1',
  servicePort: 443,
  /**
   * The API server's own addresses behind the Service (control-plane node IPs). Calico sees
   * the packet after kube-proxy's DNAT, so these are what egress policy really has to admit;
   * ClusterApi fails synth while this is empty.
   *
   * 10.0.10.214, the one control-plane node: the homelab initialised the cluster with
   * `kubeadm init --control-plane-endpoint=10.0.10.214:6443` (imcbeth/k8s-docs-n37
   * docs/kubernetes/installation.md), and docs/getting-started/hardware.md lists it as the
   * control-plane's address. The endpoint /32 and not the node range 10.0.10.0/24 (which the
   * owner's hand-written policies admit on 6443): the EndpointSlice of `kubernetes` holds exactly
   * the API servers' addresses, and the /32 admits nothing but the API server, where the range
   * would let every pod that may call the API also reach 6443 on any node or LAN host in it. A
   * second control-plane node needs its address here (the EndpointSlice then lists both).
   */
  endpoints: ['10.0.10.214'] as readonly string[],
  endpointPort: 6443,
};

/** The kube-dns pods (CoreDNS keeps the k8s-app: kube-dns label). */
export const KUBE_DNS = Pods.select('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' });

/** Prometheus (kube-prometheus-stack in `default`): `kubectl get pods -n default --show-labels`. */
export const PROMETHEUS = Pods.select('default', 'prometheus', { 'app.kubernetes.io/name': 'prometheus' });

/** Grafana, queries Loki. */
export const GRAFANA = Pods.select('default', 'grafana', { 'app.kubernetes.io/name': 'grafana' });

/** Alertmanager, receives Loki's log-based alerts. */
export const ALERTMANAGER = Pods.select('default', 'alertmanager', { 'app.kubernetes.io/name': 'alertmanager' });

/**
 * Uptime Kuma's app pods (the chart's podLabels in the homelab's values, which its drift detector
 * selects on). Its monitors are flows from these pods (homelab/namespaces/uptime-kuma.ts):
 * `kubectl get pods -n uptime-kuma --show-labels`.
 */
export const UPTIME_KUMA = Pods.select('uptime-kuma', 'uptime-kuma', { 'app.kubernetes.io/name': 'uptime-kuma' });

/**
 * The ingress-nginx controller pods (kubernetes/ingress-nginx charts/ingress-nginx/templates/controller-deployment.yaml,
 * the selector labels with the release "ingress-nginx"; the inventory has the same). Every Ingress backend
 * admits them: `kubectl get pods -n ingress-nginx --show-labels`.
 */
export const INGRESS_NGINX = Pods.select('ingress-nginx', 'ingress-nginx', {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/instance': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
});

/** The UniFi controller that unpoller polls (the gateway on the LAN). */
export const UNIFI_CONTROLLER_IP = '10.0.1.1';

/**
 * The Synology DS925+ NAS on the home VLAN (iSCSI target and DSM; imcbeth/k8s-docs-n37
 * docs/getting-started/hardware.md). The CSI driver reaches it from the nodes' network (hostNetwork);
 * blackbox-exporter pings it. Read with the NAS's network settings or `ip neigh` on a node.
 */
export const SYNOLOGY_NAS_IP = '10.0.1.204';

/**
 * The UniFi Protect NVR (UNVR) on the LAN, whose web UI Uptime Kuma's "UNVR (UniFi Protect)" monitor
 * probes at https://10.0.20.131/ (imcbeth/homelab manifests/base/uptime-kuma/monitor-baseline-configmap.yaml).
 * Read with the monitor list: kubectl -n uptime-kuma exec deploy/uptime-kuma -- sqlite3 /app/data/kuma.db
 *   "select url from monitor where name like 'UNVR%';"
 */
export const UNIFI_PROTECT_NVR_IP = '10.0.20.131';

/**
 * The recursive nameservers cert-manager's DNS01 self-check queries directly, on UDP and TCP 53:
 * the homelab runs the controller with --dns01-recursive-nameservers=1.1.1.1:53,8.8.8.8:53 and
 * --dns01-recursive-nameservers-only (imcbeth/homelab manifests/applications/cert-manager.yaml).
 * `name` becomes the policy name `allow-<name>-egress`. Read with:
 *   kubectl get deploy cert-manager -n cert-manager -o jsonpath='{.spec.template.spec.containers[0].args}'
 */
export const DNS01_RECURSIVE_NAMESERVERS: readonly { readonly name: string; readonly address: string }[] = [
  { name: 'cloudflare-dns', address: '1.1.1.1' },
  { name: 'google-dns', address: '8.8.8.8' },
];

/**
 * The resolvers CoreDNS forwards every name outside cluster.local to: its Corefile has `forward .
 * /etc/resolv.conf`, and CoreDNS runs with dnsPolicy Default, so that is the nodes' resolv.conf, which
 * points at the UniFi gateway on the node VLAN (imcbeth/k8s-docs-n37 docs/networking/coredns.md: "Node
 * /etc/resolv.conf -> 10.0.10.1 (UniFi gateway)", and its check `nslookup cloudflare.com 10.0.10.1` from
 * the control plane; the owner's cert-manager policy admits 10.0.10.1 on 53 too). Only the CoreDNS pods
 * may reach them, on UDP and TCP 53 (`allow-<name>-egress` in kube-system). A resolver missing here
 * breaks every lookup of a name outside the cluster, for every pod. Read on each node with:
 *   kubectl get --raw /api/v1/nodes/<node>/proxy/configz | jq -r .kubeletconfig.resolvConf
 *   ssh <node> grep nameserver <that file>     # on Ubuntu 24.04: /run/systemd/resolve/resolv.conf
 */
export const UPSTREAM_DNS_RESOLVERS: readonly { readonly name: string; readonly address: string }[] = [
  { name: 'upstream-dns', address: '10.0.10.1' },
];

/**
 * Istio ambient mode (istiod, istio-cni and ztunnel 1.30 in istio-system). Namespaces labelled
 * istio.io/dataplane-mode=ambient have their pods' traffic carried by ztunnel, which changes what
 * NetworkPolicy sees (istio.io docs, "Ambient and Kubernetes NetworkPolicy"):
 * - between two enrolled pods the connection leaves the sender's network namespace to the receiver's
 *   pod IP on the HBONE port 15008, not on the application port, so both the sender's egress and the
 *   receiver's ingress must admit 15008 (the source pod IP is kept);
 * - istio-cni SNATs the kubelet's health probes of enrolled pods to the link-local 169.254.7.127.
 * A connection is HBONE only when both ends are enrolled; from or to a pod outside the mesh it stays
 * plain TCP on the application port. ProtectedNamespace adds 15008 to every rule whose two ends are
 * both in `enrolledNamespaces` and admits the probe address in every enrolled namespace.
 */
export const ISTIO_AMBIENT = {
  hbonePort: 15008,
  probeSourceAddress: '169.254.7.127',
  /**
   * The namespaces labelled istio.io/dataplane-mode=ambient. From the homelab's notes (imcbeth/homelab
   * .claude/notes/CURRENT.md, "Istio Ambient Mesh", 2026-06-02, and PR #634): default (Prometheus,
   * Grafana, Alertmanager), loki, argo-workflows, localstack, unipoller, trivy-system, strimzi-system,
   * kafka, flink-operator, flink-demo; not ingress-nginx, velero or kube-system. A namespace missing
   * here gets no 15008 in its rules, so its enrolled peers' connections are dropped; one listed but not
   * enrolled only has 15008 open needlessly. Refresh from the live cluster and keep this list sorted:
   *   kubectl get namespaces -l istio.io/dataplane-mode=ambient -o name
   */
  enrolledNamespaces: [
    'argo-workflows',
    'default',
    'flink-demo',
    'flink-operator',
    'kafka',
    'localstack',
    'loki',
    'strimzi-system',
    'trivy-system',
    'unipoller',
  ] as readonly string[],
};

/** RFC 1918 ranges: ExternalHttps excludes them so "the internet" cannot reach into the LAN or cluster. */
export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/**
 * The nodes' own addresses (the LAN segment the Raspberry Pis sit on). Pods on the host network
 * (node-exporter, kube-proxy, the control-plane components, Felix) and the kubelets listen here,
 * so Prometheus reaches those scrape targets at node addresses, which no pod or namespace selector
 * can name. From the homelab's hand-written policy for default (imcbeth/homelab
 * manifests/base/network-policies/default/network-policy.yaml), which admits the API server on
 * 6443 at 10.0.10.0/24. Read with:
 *   kubectl get nodes -o jsonpath='{range .items[*]}{.status.addresses[?(@.type=="InternalIP")].address}{"\n"}{end}'
 * and keep it the smallest CIDR that holds every InternalIP.
 */
export const NODE_CIDR = '10.0.10.0/24';

/**
 * The Service CIDR (kube-apiserver --service-cluster-ip-range). Policy sees traffic after
 * kube-proxy's DNAT, so an ipBlock meant for the LAN excludes it rather than pretend to reach
 * Services through it. Read with:
 *   kubectl get pod -n kube-system -l component=kube-apiserver -o jsonpath='{.items[0].spec.containers[0].command}'
 */
export const SERVICE_CIDR = '10.96.0.0/12';

/** Where ArgoCD reads this app from. */
export const GITOPS = {
  repoUrl: 'git@github.com:imcbeth/homelab.git',
  /** The repository folder holding this cdk8s app; ArgoCD syncs its dist/ below it. */
  appPath: 'manifests/network-policies',
};
