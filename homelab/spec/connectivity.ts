/**
 * The intended connectivity of every protected namespace: the seed's "Policy Summary" table
 * (network-policies.md) as data, with the app's deliberate tightenings (docs/app.md).
 *
 * It is written from the seed's table and intent, not from dist/: the matrix test
 * (__tests__/spec/connectivity-matrix.test.ts) analyzes dist/ with inventory/workloads.yaml and
 * fails on any flow into or out of a protected namespace that this file does not declare, and on
 * any declared flow the policies deny. The docs generator reads the `why` strings.
 *
 * Shape (types in spec/types.ts): one entry per namespace under `namespaces`, e.g.
 *
 *   unipoller: {
 *     summary: 'Polls the UniFi controller and exposes the metrics to Prometheus',
 *     ingress: [{ from: { role: 'prometheus' }, ports: ['TCP/9130'], why: 'Prometheus scrapes the UniFi metrics' }],
 *     egress: [
 *       { to: { role: 'kube-dns' }, ports: ['UDP/53', 'TCP/53'], why: 'DNS' },
 *       { to: { cidr: '10.0.1.1/32' }, ports: ['TCP/443', 'TCP/8443'], why: 'Polls the UniFi controller' },
 *     ],
 *   },
 *
 * Peers: `{ namespace }` (every inventory workload there), `{ workload: 'ns/name' }`, `{ role }` (a
 * key of ROLES below), `{ cidr, except? }` (outside the cluster). Ports: `'TCP/4566'`, `'UDP/53'`,
 * `'TCP/8000-8100'`. An entry is for every workload of its namespace unless `appliesTo` lists the
 * workload names it is for. A flow between two protected namespaces goes in both namespaces' lists.
 *
 * Adding a namespace: add its entry here when its policies go into namespaces/index.ts, add its
 * workloads to inventory/workloads.yaml, and add a role below for any peer the table names by what
 * it does.
 */
import { API_SERVER, DNS01_RECURSIVE_NAMESERVERS, ISTIO_AMBIENT, NODE_CIDR, SERVICE_CIDR, UNIFI_CONTROLLER_IP } from '../cluster';
import type { ConnectivitySpec, KnownGap, SpecPort } from './types';

/**
 * Peers the seed's table names by what they do. Each maps to inventory workloads as `ns/name`;
 * the matrix test fails if one is missing from the inventory.
 */
export const ROLES = {
  'prometheus': ['default/prometheus-kube-prometheus-stack-prometheus'],
  'grafana': ['default/kube-prometheus-stack-grafana'],
  'alertmanager': ['default/alertmanager-kube-prometheus-stack-alertmanager'],
  'kube-dns': ['kube-system/coredns'],
  'promtail': ['loki/promtail'],
} as const satisfies Record<string, readonly string[]>;

export type Role = keyof typeof ROLES;

const DNS = {
  to: { role: 'kube-dns' },
  ports: ['UDP/53', 'TCP/53'],
  // Tightened: the seed's two peers (namespace kube-system OR kube-dns pods in the own namespace)
  // admitted every pod in kube-system on 53; the app allows the kube-dns pods only.
  why: 'Name resolution through the cluster DNS (kube-dns pods in kube-system only)',
} as const;

/** RFC 1918: "external HTTPS" in the seed means the internet, not the LAN or the cluster. */
const INTERNET = { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } as const;

/**
 * The API server, which velero and trivy-operator watch. The seed allowed the Service IP on 443.
 * Fix in the app: Calico sees the packet after kube-proxy's DNAT, so the real endpoints (on 6443)
 * are what egress must admit. The seed cannot know those addresses; they are a cluster fact read
 * from the live cluster (cluster.ts), so this one part of the spec follows cluster.ts.
 */
function clusterApi(namespace: string, appliesTo?: readonly string[]) {
  return [
    { to: { cidr: '10.96.0.1/32' }, ports: ['TCP/443'] as SpecPort[], why: `The Kubernetes API through its Service IP (${namespace} watches cluster resources)`, appliesTo },
    ...API_SERVER.endpoints.map((address) => ({
      to: { cidr: `${address}/32` },
      ports: [`TCP/${API_SERVER.endpointPort}`] as SpecPort[],
      why: `The Kubernetes API server endpoint ${address}, which Calico sees after the Service DNAT`,
      appliesTo,
    })),
  ];
}

/**
 * The namespaces of the inventory without an egress policy (phase 4 gives every namespace a
 * default deny). Their pods can send anywhere, so a port open to every source is open to them.
 */
// pihole is in the inventory as one of ingress-nginx's backends (the namespace may be empty: see its
// exemption). Every other namespace the spec names is protected, so its egress stops what it does not need.
const UNPROTECTED_NAMESPACES = ['kube-system', 'pihole'] as const;

/**
 * A webhook the API server calls. Its calls come from the control-plane node's address (or its
 * tunl0 address under Calico IPIP), never from a pod, so the port is open to every source: the
 * addresses outside the cluster and every pod whose own egress does not stop it. Pods of the
 * protected namespaces are stopped by their egress, so they are not listed.
 */
function apiServerWebhook(port: SpecPort, what: string, appliesTo: readonly string[]) {
  return [
    { from: { cidr: '0.0.0.0/0' }, ports: [port], why: `The API server calls ${what} (from a node or tunnel address, not a pod)`, appliesTo },
    ...UNPROTECTED_NAMESPACES.map((namespace) => ({
      from: { namespace },
      ports: [port],
      why: `Open to every source for the API server's sake, so also to ${namespace}, which has no egress policy yet`,
      appliesTo,
    })),
  ];
}

/**
 * Istio ambient: between two enrolled pods the connection is HBONE to the receiver's pod IP on 15008;
 * the kubelet's probes of an enrolled pod come from istio-cni's link-local probe address.
 */
const HBONE: SpecPort = `TCP/${ISTIO_AMBIENT.hbonePort}`;

/**
 * A flow between the namespaces `own` and `peer` (the same for a flow inside one namespace), with HBONE
 * added when both are in the ambient mesh: ztunnel tunnels it to the receiver's pod IP on 15008, so the
 * policies of both ends must admit 15008 next to the application ports, which stay for a connection that
 * is not tunnelled. Written from the cluster fact, not from the constructs: the spec says which flows
 * are meant, the fact says which of them cross the mesh.
 */
function mesh<E extends { readonly ports: readonly SpecPort[]; readonly why: string }>(own: string, peer: string, entry: E): E {
  const enrolled = ISTIO_AMBIENT.enrolledNamespaces;
  if (!enrolled.includes(own) || !enrolled.includes(peer) || entry.ports.includes(HBONE)) {
    return entry;
  }
  return { ...entry, ports: [...entry.ports, HBONE], why: `${entry.why}; also HBONE, as both ends are in the Istio ambient mesh` };
}

function ambientProbes(ports: readonly SpecPort[], appliesTo?: readonly string[]) {
  return {
    from: { cidr: `${ISTIO_AMBIENT.probeSourceAddress}/32` },
    ports,
    why: 'The kubelet\'s health probes, which istio-cni sends from its link-local probe address (Istio ambient)',
    appliesTo,
  };
}

/**
 * Tightened in every namespace: the seed admitted every pod in `default` on the metrics port. Prometheus
 * runs in `default`, which is in the ambient mesh, so the scrape of an enrolled `namespace` is HBONE too.
 */
function prometheusScrape(namespace: string, port: SpecPort, what: string) {
  return mesh(namespace, 'default', { from: { role: 'prometheus' } as const, ports: [port] as readonly SpecPort[], why: `Prometheus scrapes ${what}` });
}

/** The Prometheus workload, for default's own rows (its egress is narrowed to it). */
const PROMETHEUS_POD = 'prometheus-kube-prometheus-stack-prometheus';

/**
 * Prometheus's side of a scrape of `namespace`: the egress that the target's ingress row (prometheusScrape)
 * answers, the same ports, with HBONE when both are in the mesh.
 */
function scrapedBy(namespace: string, to: { namespace: string } | { workload: string }, ports: readonly SpecPort[], what: string) {
  return mesh('default', namespace, { to, ports, why: `Prometheus scrapes ${what}`, appliesTo: [PROMETHEUS_POD] });
}

const KNOWN_GAPS: KnownGap[] = [
  {
    title: 'Trivy scan Jobs cannot reach the built-in trivy-server',
    why:
      'The homelab runs trivy-operator with builtInTrivyServer: true (ClientServer mode), so the scan Jobs call ' +
      'trivy-server on TCP 4954 inside trivy-system. The seed allows no traffic between trivy-system pods, and the ' +
      'app keeps the seed, so scans in ClientServer mode fail. The Jobs are transient and not in the inventory; ' +
      'trivy-operator → trivy-server stands in for them (same namespace, same default-deny).',
    deniedFlows: [{ from: 'trivy-system/trivy-operator', to: 'trivy-system/trivy-server', port: 'TCP/4954' }],
  },
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
    title: "blackbox-exporter's ICMP probes are denied",
    why:
      'NetworkPolicy has no ICMP, and a pod with an egress policy sends nothing its rules do not name, so the ' +
      "blackbox-exporter's ICMP module stops working under default's default-deny. The homelab's hand-written policies " +
      'carried a Calico NetworkPolicy for it (manifests/base/network-policies/default/calico-network-policy-allow-egress-icmp.yaml); ' +
      'it is not part of this app. Keeping ICMP probes needs a Calico policy here (protocol ICMP, the blackbox pods).',
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
  // Conditional on the cluster fact: once the endpoints are filled in, the API entries cover them.
  ...(API_SERVER.endpoints.length > 0
    ? []
    : [{
      title: 'velero and trivy-operator cannot reach the API server',
      why:
        'Only the API Service IP (10.96.0.1:443) is allowed, and Calico evaluates egress after kube-proxy has ' +
        'rewritten it to an endpoint on 6443. The endpoints are empty in cluster.ts until read from the cluster ' +
        '(see docs/app.md, "Cluster facts"), so the addresses to show as denied are not known yet.',
      deniedFlows: [],
    }]),
];

/** The seed's Policy Summary table, one entry per protected namespace. */
export const CONNECTIVITY: ConnectivitySpec<Role> = {
  roles: ROLES,
  knownGaps: KNOWN_GAPS,
  namespaces: {
    'localstack': {
      summary: 'S3-compatible storage for Velero testing',
      ingress: [
        { from: { namespace: 'velero' }, ports: ['TCP/4566'], why: 'Velero stores backups in the S3 API' },
        { from: { namespace: 'ingress-nginx' }, ports: ['TCP/4566'], why: 'The LocalStack UI through the ingress controller' },
        { from: { namespace: 'flink-demo' }, ports: ['TCP/4566', HBONE], why: "flink-demo's kafka-to-s3 job writes its output to S3 and its setup Job creates the bucket; HBONE as both are in the mesh" },
        mesh('localstack', 'argo-workflows', { from: { workload: 'argo-workflows/localstack-argo-workflows-setup' }, ports: ['TCP/4566'], why: "Argo Workflows' PreSync Job creates its bucket" }),
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/4566'], why: 'Uptime Kuma\'s "LocalStack" monitor checks /_localstack/health' },
        prometheusScrape('localstack', 'TCP/4566', "LocalStack's metrics"),
        ambientProbes(['TCP/1-65535']),
      ],
      egress: [DNS],
    },
    'unipoller': {
      summary: 'Polls the UniFi controller and exposes the metrics to Prometheus',
      ingress: [prometheusScrape('unipoller', 'TCP/9130', 'the UniFi metrics'), ambientProbes(['TCP/1-65535'])],
      egress: [DNS, { to: { cidr: '10.0.1.1/32' }, ports: ['TCP/443', 'TCP/8443'], why: "Polls the UniFi controller's API" }],
    },
    'loki': {
      summary: 'Log aggregation; Promtail runs alongside and pushes logs',
      ingress: [
        { from: { role: 'promtail' }, ports: ['TCP/3100'], why: 'Promtail pushes logs' },
        // Fix versus the seed: it allowed egress between loki pods on 9095 and 7946 but ingress
        // only on 3100, so under default-deny the ring could not form. Both directions now.
        mesh('loki', 'loki', {
          from: { namespace: 'loki' },
          ports: ['TCP/3100', 'TCP/9095', 'TCP/7946'],
          why: "Loki's own pods: HTTP, gRPC and the memberlist ring",
        }),
        prometheusScrape('loki', 'TCP/3100', "Loki's metrics"),
        // Tightened: the seed admitted every pod in `default` on 3100.
        mesh('loki', 'default', { from: { role: 'grafana' }, ports: ['TCP/3100'], why: 'Grafana queries logs (Explore, dashboards)' }),
        ambientProbes(['TCP/1-65535']),
        {
          from: { workload: 'falco/falco-falcosidekick' },
          ports: ['TCP/3100'],
          why: "Falco's falcosidekick pushes security events to the Loki Service",
          appliesTo: ['loki'],
        },
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/3100'], why: 'Uptime Kuma\'s "Loki" monitor checks /ready', appliesTo: ['loki'] },
      ],
      egress: [
        DNS,
        // Tightened: the seed allowed every pod in `default` on 9093.
        mesh('loki', 'default', { to: { role: 'alertmanager' }, ports: ['TCP/9093'], why: 'The ruler sends log-based alerts to Alertmanager' }),
        mesh('loki', 'loki', {
          to: { namespace: 'loki' },
          ports: ['TCP/3100', 'TCP/9095', 'TCP/7946'],
          why: "Loki's own pods: HTTP, gRPC and the memberlist ring",
        }),
        // Added with tempo (phase 4): the other half of tempo's ingress from Alloy.
        { to: { workload: 'tempo/tempo' }, ports: ['TCP/4317'], why: 'Alloy forwards the traces it collects to Tempo over OTLP gRPC', appliesTo: ['alloy'] },
      ],
    },
    'trivy-system': {
      summary: 'Trivy operator: scans container images for vulnerabilities',
      ingress: [prometheusScrape('trivy-system', 'TCP/8080', 'the vulnerability report metrics'), ambientProbes(['TCP/1-65535'])],
      egress: [
        DNS,
        ...clusterApi('trivy-operator'),
        { to: INTERNET, ports: ['TCP/443'], why: 'Pulls image manifests and the vulnerability database from container registries' },
      ],
    },
    'velero': {
      summary: 'Backup and disaster recovery',
      ingress: [prometheusScrape('velero', 'TCP/8085', "Velero's backup metrics")],
      egress: [
        DNS,
        { to: { namespace: 'localstack' }, ports: ['TCP/4566'], why: "Writes backups to LocalStack's S3 API" },
        ...clusterApi('velero'),
        { to: INTERNET, ports: ['TCP/443'], why: 'Writes backups to Backblaze B2 over HTTPS' },
      ],
    },
    'cert-manager': {
      summary: "Issues TLS certificates from Let's Encrypt with DNS01 challenges at Cloudflare",
      ingress: [
        // The chart's ServiceMonitor scrapes all three components on 9402.
        prometheusScrape('cert-manager', 'TCP/9402', "cert-manager's controller, cainjector and webhook metrics"),
        ...apiServerWebhook('TCP/10250', "cert-manager's validating and mutating webhook", ['cert-manager-webhook']),
      ],
      egress: [
        DNS,
        ...clusterApi('cert-manager'),
        {
          to: INTERNET,
          ports: ['TCP/443'],
          why: "The ACME server (Let's Encrypt) and the Cloudflare API for the DNS01 TXT records",
          appliesTo: ['cert-manager'],
        },
        ...DNS01_RECURSIVE_NAMESERVERS.map(({ address }) => ({
          to: { cidr: `${address}/32` },
          ports: ['UDP/53', 'TCP/53'] as SpecPort[],
          why: `The DNS01 self-check asks ${address} directly (--dns01-recursive-nameservers-only)`,
          appliesTo: ['cert-manager'],
        })),
      ],
    },
    'external-dns': {
      summary: 'Publishes Ingress and LoadBalancer hostnames to Cloudflare and to the UniFi gateway',
      ingress: [
        { ...prometheusScrape('external-dns', 'TCP/7979', "external-dns's metrics"), appliesTo: ['external-dns-cloudflare', 'external-dns-unifi'] },
        {
          from: { workload: 'external-dns/external-dns-unifi' },
          ports: ['TCP/8888'],
          why: 'external-dns-unifi calls the UniFi webhook provider (its own Deployment, not a sidecar)',
          appliesTo: ['external-dns-unifi-webhook'],
        },
      ],
      egress: [
        DNS,
        ...clusterApi('external-dns', ['external-dns-cloudflare', 'external-dns-unifi']),
        { to: INTERNET, ports: ['TCP/443'], why: 'The Cloudflare API', appliesTo: ['external-dns-cloudflare'] },
        {
          to: { workload: 'external-dns/external-dns-unifi-webhook' },
          ports: ['TCP/8888'],
          why: 'external-dns-unifi calls the UniFi webhook provider (its own Deployment, not a sidecar)',
          appliesTo: ['external-dns-unifi'],
        },
        {
          to: { cidr: `${UNIFI_CONTROLLER_IP}/32` },
          ports: ['TCP/443'],
          why: "The webhook writes the records through the UniFi gateway's API",
          appliesTo: ['external-dns-unifi-webhook'],
        },
      ],
    },
    'metallb-system': {
      summary: 'MetalLB: the controller assigns LoadBalancer addresses; the speaker (hostNetwork) announces them',
      ingress: [
        { ...prometheusScrape('metallb-system', 'TCP/7472', "the MetalLB controller's metrics"), appliesTo: ['metallb-controller'] },
        ...apiServerWebhook('TCP/9443', "MetalLB's validating webhook", ['metallb-controller']),
      ],
      egress: [
        // Both pods: allow-dns-egress selects every pod, the speaker included (see the known gap).
        DNS,
        ...clusterApi('the MetalLB controller', ['metallb-controller']),
      ],
    },
    'oauth2-proxy': {
      summary: 'GitHub login for the web UIs behind ingress-nginx; validates sessions only, proxies nothing onward',
      ingress: [
        { from: { namespace: 'ingress-nginx' }, ports: ['TCP/4180'], why: 'The login pages and the auth subrequests of the protected Ingresses, through the ingress controller' },
        prometheusScrape('oauth2-proxy', 'TCP/44180', "oauth2-proxy's metrics"),
      ],
      egress: [
        DNS,
        { to: INTERNET, ports: ['TCP/443'], why: 'GitHub: the OAuth token exchange at github.com and the user check at api.github.com' },
      ],
    },
    'lifeonabike': {
      summary: 'The lifeonabike.ca static site: nginx behind ingress-nginx and a Cloudflare Tunnel',
      ingress: [
        { from: { namespace: 'ingress-nginx' }, ports: ['TCP/8080'], why: 'The Ingress web: lifeonabike.ca through the ingress controller', appliesTo: ['web'] },
        { from: { workload: 'lifeonabike/cloudflared' }, ports: ['TCP/8080'], why: 'The tunnel forwards the site\'s hostnames to the web Service', appliesTo: ['web'] },
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/8080'], why: 'Uptime Kuma\'s two lifeonabike.ca monitors', appliesTo: ['web'] },
      ],
      egress: [
        DNS,
        { to: { workload: 'lifeonabike/web' }, ports: ['TCP/8080'], why: 'The tunnel forwards the site\'s hostnames to the web Service', appliesTo: ['cloudflared'] },
        {
          to: { workload: 'argo-events/lifeonabike-github-eventsource' },
          ports: ['TCP/12000'],
          why: 'build-webhook.n37.ca: GitHub push events for the site go through the tunnel to the Argo Events EventSource',
          appliesTo: ['cloudflared'],
        },
        { to: INTERNET, ports: ['UDP/7844', 'TCP/7844'], why: 'The tunnel to Cloudflare\'s edge (QUIC, HTTP/2 as fallback)', appliesTo: ['cloudflared'] },
      ],
    },
    'tempo': {
      summary: 'Grafana Tempo, the trace store: Alloy sends traces in, Grafana reads them, nothing goes out but DNS',
      ingress: [
        { from: { workload: 'loki/alloy' }, ports: ['TCP/4317'], why: 'Alloy, the OTLP collector, forwards traces over OTLP gRPC' },
        { from: { role: 'grafana' }, ports: ['TCP/3100'], why: 'The Tempo datasource: Grafana searches and reads traces through the HTTP API' },
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/3100'], why: 'Uptime Kuma\'s Tempo monitor checks /ready' },
        prometheusScrape('tempo', 'TCP/3100', "Tempo's metrics"),
      ],
      // Local storage on a PersistentVolume, usage reporting off, no metrics generator: DNS only.
      egress: [DNS],
    },
    'external-secrets': {
      summary: 'External Secrets Operator: copies Secrets from the secrets-source namespace through the Kubernetes API',
      ingress: [
        prometheusScrape('external-secrets', 'TCP/8080', "the operator's controller, webhook and cert-controller metrics"),
        ...apiServerWebhook('TCP/10250', "the External Secrets validating and conversion webhook", ['external-secrets-webhook']),
      ],
      egress: [
        DNS,
        // Its one store is the Kubernetes provider, so the API server is also the secret store.
        ...clusterApi('external-secrets'),
      ],
    },
    'gatekeeper-system': {
      summary: 'OPA Gatekeeper: admission webhooks that enforce the constraints, and the audit of existing resources',
      ingress: [
        // The PodMonitor's selector does not match the pods today (app.kubernetes.io/name vs app); the
        // port is admitted for what it means.
        prometheusScrape('gatekeeper-system', 'TCP/8888', "Gatekeeper's controller-manager and audit metrics"),
        ...apiServerWebhook('TCP/8443', "Gatekeeper's validating and mutating webhooks", ['gatekeeper-controller-manager']),
        {
          from: { namespace: 'gatekeeper-system' },
          ports: ['TCP/8443'],
          why: 'The post-install hook Job polls the webhook before it labels the namespace',
          appliesTo: ['gatekeeper-controller-manager'],
        },
      ],
      egress: [
        DNS,
        ...clusterApi('gatekeeper-system'),
        {
          to: { workload: 'gatekeeper-system/gatekeeper-controller-manager' },
          ports: ['TCP/8443'],
          why: 'The post-install hook Job polls the webhook before it labels the namespace (its pod has no label of its own)',
        },
      ],
    },
    'falco': {
      summary: 'Falco runtime security: the DaemonSet reports events to falcosidekick, which forwards them to Alertmanager, Loki and its web UI',
      ingress: [
        prometheusScrape('falco', 'TCP/8765', "Falco's metrics"),
        prometheusScrape('falco', 'TCP/2801', "falcosidekick's metrics"),
        { from: { namespace: 'ingress-nginx' }, ports: ['TCP/2802'], why: 'The falcosidekick web UI through the ingress controller', appliesTo: ['falco-falcosidekick-ui'] },
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/2802'], why: 'Uptime Kuma\'s "Falco UI" monitor', appliesTo: ['falco-falcosidekick-ui'] },
        { from: { workload: 'falco/falco' }, ports: ['TCP/2801'], why: 'Falco posts every event to falcosidekick', appliesTo: ['falco-falcosidekick'] },
        { from: { workload: 'falco/falco-falcosidekick' }, ports: ['TCP/2802'], why: 'falcosidekick posts events to the web UI', appliesTo: ['falco-falcosidekick-ui'] },
        { from: { workload: 'falco/falco-falcosidekick-ui' }, ports: ['TCP/6379'], why: 'The web UI stores events in its Redis', appliesTo: ['falco-falcosidekick-ui-redis'] },
      ],
      egress: [
        DNS,
        { to: { workload: 'falco/falco-falcosidekick' }, ports: ['TCP/2801'], why: 'Falco posts every event to falcosidekick', appliesTo: ['falco'] },
        { to: { workload: 'falco/falco-falcosidekick-ui' }, ports: ['TCP/2802'], why: 'falcosidekick posts events to the web UI', appliesTo: ['falco-falcosidekick'] },
        { to: { workload: 'falco/falco-falcosidekick-ui-redis' }, ports: ['TCP/6379'], why: 'The web UI stores events in its Redis', appliesTo: ['falco-falcosidekick-ui'] },
        { to: { role: 'alertmanager' }, ports: ['TCP/9093'], why: 'falcosidekick raises alerts for events of priority warning and up', appliesTo: ['falco-falcosidekick'] },
        { to: { workload: 'loki/loki' }, ports: ['TCP/3100'], why: 'falcosidekick pushes events to Loki', appliesTo: ['falco-falcosidekick'] },
        { to: INTERNET, ports: ['TCP/443'], why: 'falcoctl fetches its index and the falco-rules artifact from ghcr.io', appliesTo: ['falco'] },
      ],
    },
    'chaos-mesh': {
      summary: 'Chaos Mesh: the controller-manager runs the scheduled experiments through the API and the chaos-daemon on each node',
      ingress: [
        { ...prometheusScrape('chaos-mesh', 'TCP/10080', "the Chaos Mesh controller-manager's metrics"), appliesTo: ['chaos-controller-manager'] },
        ...apiServerWebhook('TCP/9443', "Chaos Mesh's validating and mutating webhooks", ['chaos-controller-manager']),
        { from: { workload: 'chaos-mesh/chaos-controller-manager' }, ports: ['TCP/31767'], why: 'The controller-manager calls the chaos-daemon on the target node over gRPC', appliesTo: ['chaos-daemon'] },
        { from: { workload: 'chaos-mesh/chaos-controller-manager' }, ports: ['TCP/9288'], why: "DNSChaos: the controller-manager programs the DNS server's chaos plugin", appliesTo: ['chaos-dns-server'] },
      ],
      egress: [
        DNS,
        // Every pod: the daemon does not need it, but no single label set leaves it out.
        ...clusterApi('chaos-mesh'),
        { to: { workload: 'chaos-mesh/chaos-daemon' }, ports: ['TCP/31767'], why: 'The controller-manager calls the chaos-daemon on the target node over gRPC', appliesTo: ['chaos-controller-manager'] },
        { to: { workload: 'chaos-mesh/chaos-dns-server' }, ports: ['TCP/9288'], why: "DNSChaos: the controller-manager programs the DNS server's chaos plugin", appliesTo: ['chaos-controller-manager'] },
      ],
    },
    'argo-events': {
      summary: "Argo Events: GitHub pushes to lifeonabike.ca reach an EventSource, cross the JetStream EventBus, and a Sensor submits the build Workflow",
      ingress: [
        { ...prometheusScrape('argo-events', 'TCP/7777', "the Argo Events controller's metrics"), appliesTo: ['argo-events-controller-manager'] },
        ...apiServerWebhook('TCP/443', "Argo Events' validating webhook", ['events-webhook']),
        { from: { namespace: 'ingress-nginx' }, ports: ['TCP/12000'], why: "GitHub's push webhook (build-webhook.k8s.n37.ca/push) through the ingress controller", appliesTo: ['lifeonabike-github-eventsource'] },
        { from: { workload: 'lifeonabike/cloudflared' }, ports: ['TCP/12000'], why: 'build-webhook.n37.ca: GitHub push events arrive through the lifeonabike Cloudflare Tunnel', appliesTo: ['lifeonabike-github-eventsource'] },
        { from: { workload: 'argo-events/lifeonabike-github-eventsource' }, ports: ['TCP/4222'], why: 'The EventSource publishes events on the EventBus', appliesTo: ['eventbus-default-js'] },
        { from: { workload: 'argo-events/lifeonabike-build-sensor' }, ports: ['TCP/4222'], why: 'The Sensor subscribes to the EventBus', appliesTo: ['eventbus-default-js'] },
      ],
      egress: [
        DNS,
        // Every pod, the bus included: no one label set selects the others without it.
        ...clusterApi('argo-events'),
        { to: { workload: 'argo-events/eventbus-default-js' }, ports: ['TCP/4222'], why: 'EventSources publish and Sensors subscribe on the EventBus', appliesTo: ['lifeonabike-github-eventsource', 'lifeonabike-build-sensor'] },
        { to: INTERNET, ports: ['TCP/443'], why: 'The EventSource registers its webhook through api.github.com', appliesTo: ['lifeonabike-github-eventsource'] },
      ],
    },
    'argo-workflows': {
      summary: "Argo Workflows: the controller runs the homelab's workflow templates as step pods; argo-server is the UI",
      ingress: [
        { ...prometheusScrape('argo-workflows', 'TCP/9090', "the workflow controller's metrics"), appliesTo: ['argo-workflows-workflow-controller'] },
        { from: { namespace: 'ingress-nginx' }, ports: ['TCP/2746'], why: 'The Argo Workflows UI through the ingress controller', appliesTo: ['argo-workflows-server'] },
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/2746'], why: 'Uptime Kuma\'s "Argo Workflows" monitor (uptime-kuma is outside the mesh: no HBONE)', appliesTo: ['argo-workflows-server'] },
        ambientProbes(['TCP/1-65535']),
      ],
      egress: [
        DNS,
        // Every pod: the step pods' executor writes its results through the API, and the steps run kubectl.
        ...clusterApi('argo-workflows'),
        { to: INTERNET, ports: ['TCP/443'], why: 'Logs and artifacts in Backblaze B2, github.com and the public registries for the build' },
        mesh('argo-workflows', 'default', { to: { role: 'alertmanager' }, ports: ['TCP/9093'], why: 'cluster-healthcheck raises ClusterHealthDegraded', appliesTo: ['cluster-healthcheck'] }),
        { to: { workload: 'ingress-nginx/ingress-nginx-controller' }, ports: ['TCP/443'], why: 'The build pushes to registry.k8s.n37.ca (zot behind ingress-nginx)', appliesTo: ['lifeonabike-build'] },
        { to: { workload: 'zot/zot' }, ports: ['TCP/5000'], why: 'The build pushes to zot.zot.svc.cluster.local:5000 directly (homelab PR #670)', appliesTo: ['lifeonabike-build'] },
        mesh('argo-workflows', 'localstack', { to: { workload: 'localstack/localstack' }, ports: ['TCP/4566'], why: 'The PreSync Job creates its LocalStack bucket', appliesTo: ['localstack-argo-workflows-setup'] }),
      ],
    },
    'strimzi-system': {
      summary: 'The Strimzi cluster operator: runs the Kafka cluster of the kafka namespace',
      ingress: [
        // No PodMonitor in the homelab yet; the port is open so that enabling one needs no policy change.
        prometheusScrape('strimzi-system', 'TCP/8080', "the Strimzi operator's metrics"),
        ambientProbes(['TCP/8080']),
      ],
      egress: [
        DNS,
        ...clusterApi('the Strimzi operator'),
        {
          to: { workload: 'kafka/kafka-cluster-combined-0' },
          ports: ['TCP/9090', 'TCP/9091', 'TCP/9092', 'TCP/8443', HBONE],
          why: 'Manages the running cluster: KRaft control plane, Admin client on the replication listener, bootstrap for describeMetadataQuorum, KafkaAgent; HBONE while both are in the mesh',
        },
      ],
    },
    'kafka': {
      summary: 'The Strimzi-managed Kafka cluster (one KRaft node, plain listener 9092) and its topic operator',
      ingress: [
        // No PodMonitor in the homelab yet; the port is open so that enabling one needs no policy change.
        { ...prometheusScrape('kafka', 'TCP/8080', "the topic operator's metrics"), appliesTo: ['kafka-cluster-entity-operator'] },
        ambientProbes(['TCP/1-65535']),
        {
          from: { workload: 'strimzi-system/strimzi-cluster-operator' },
          ports: ['TCP/9090', 'TCP/9091', 'TCP/9092', 'TCP/8443', HBONE],
          why: 'The Strimzi operator manages the node: control plane, Admin client, bootstrap, KafkaAgent; HBONE while both are in the mesh',
          appliesTo: ['kafka-cluster-combined-0'],
        },
        {
          from: { workload: 'kafka/kafka-cluster-combined-0' },
          ports: ['TCP/9090', 'TCP/9091', HBONE],
          why: 'KRaft quorum and replication between the Kafka nodes',
          appliesTo: ['kafka-cluster-combined-0'],
        },
        {
          from: { workload: 'kafka/kafka-cluster-entity-operator' },
          ports: ['TCP/9091', HBONE],
          why: "The topic operator's Admin client on the replication listener",
          appliesTo: ['kafka-cluster-combined-0'],
        },
        {
          from: { namespace: 'flink-demo' },
          ports: ['TCP/9092', HBONE],
          why: 'The Flink demo jobs produce to and consume from the plain listener',
          appliesTo: ['kafka-cluster-combined-0'],
        },
      ],
      egress: [
        DNS,
        {
          to: { workload: 'kafka/kafka-cluster-combined-0' },
          ports: ['TCP/9090', 'TCP/9091', HBONE],
          why: 'KRaft quorum and replication between the Kafka nodes',
          appliesTo: ['kafka-cluster-combined-0'],
        },
        {
          to: { workload: 'kafka/kafka-cluster-combined-0' },
          ports: ['TCP/9091', HBONE],
          why: "The topic operator's Admin client on the replication listener",
          appliesTo: ['kafka-cluster-entity-operator'],
        },
        ...clusterApi('the topic operator', ['kafka-cluster-entity-operator']),
      ],
    },
    'flink-demo': {
      summary: 'Two PyFlink jobs: a CSV file into Kafka, and Kafka into LocalStack S3',
      ingress: [
        ambientProbes(['TCP/1-65535']),
        {
          from: { workload: 'flink-operator/flink-kubernetes-operator' },
          ports: ['TCP/8081', HBONE],
          why: "The Flink operator drives each job through its JobManager's REST API; HBONE while both are in the mesh",
          appliesTo: ['file-to-kafka', 'kafka-to-s3'],
        },
        {
          from: { namespace: 'ingress-nginx' },
          ports: ['TCP/8081'],
          why: 'The Flink UI of kafka-to-s3 through the ingress controller (flink.k8s.n37.ca)',
          appliesTo: ['kafka-to-s3'],
        },
        {
          from: { namespace: 'flink-demo' },
          ports: ['TCP/6122', 'TCP/6123', 'TCP/6124', HBONE],
          why: 'JobManager and TaskManagers: RPC both ways and the blob server',
        },
      ],
      egress: [
        DNS,
        {
          to: { workload: 'kafka/kafka-cluster-combined-0' },
          ports: ['TCP/9092', HBONE],
          why: 'Both jobs produce to or consume from the topic flink-events on the plain listener',
        },
        {
          to: { namespace: 'localstack' },
          ports: ['TCP/4566', HBONE],
          why: "kafka-to-s3 writes each record to LocalStack S3; the setup Job creates the bucket",
        },
        {
          to: { namespace: 'flink-demo' },
          ports: ['TCP/6122', 'TCP/6123', 'TCP/6124', HBONE],
          why: 'JobManager and TaskManagers: RPC both ways and the blob server',
        },
        ...clusterApi('the JobManagers', ['file-to-kafka', 'kafka-to-s3']),
      ],
    },
    'argocd': {
      summary: 'Argo CD, the sync engine: server, application controller, repo-server, Redis, Dex, the ApplicationSet and notifications controllers',
      ingress: [
        { from: { namespace: 'ingress-nginx' }, ports: ['TCP/8080'], why: 'The Argo CD UI and API (argocd.k8s.n37.ca) through the ingress controller', appliesTo: ['argocd-server'] },
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/8080'], why: "Uptime Kuma's ArgoCD monitor checks /healthz", appliesTo: ['argocd-server'] },
        { from: { role: 'prometheus' }, ports: ['TCP/8082', 'TCP/8083', 'TCP/8084'], why: 'Prometheus scrapes the controller, server and repo-server metrics (ServiceMonitors)' },
        {
          from: { namespace: 'argocd' },
          ports: ['TCP/5556-5558', 'TCP/6379', 'TCP/7000', 'TCP/8080-8084', 'TCP/9001'],
          why: 'Between Argo CD\'s own pods on every port the chart opens: the repo-server, Redis, Dex and the rest; broad on purpose, a missed flow stops every sync',
        },
      ],
      egress: [
        DNS,
        {
          to: { namespace: 'argocd' },
          ports: ['TCP/5556-5558', 'TCP/6379', 'TCP/7000', 'TCP/8080-8084', 'TCP/9001'],
          why: 'Between Argo CD\'s own pods on every port the chart opens: the repo-server, Redis, Dex and the rest; broad on purpose, a missed flow stops every sync',
        },
        ...clusterApi('every Argo CD component'),
        // Argo CD syncs its own policies, so it must not lose the API while the endpoints are unknown (cluster.ts):
        // 6443 on any address but the pod and Service CIDRs, until the endpoints are read from the cluster.
        ...(API_SERVER.endpoints.length > 0 ? [] : [{
          to: { cidr: '0.0.0.0/0', except: ['192.168.0.0/16', '10.96.0.0/12'] },
          ports: [`TCP/${API_SERVER.endpointPort}`] as SpecPort[],
          why: 'The API server endpoint (the control-plane node), whose address is not yet a cluster fact: Argo CD must keep the API to repair its own policies',
        }]),
        { to: INTERNET, ports: ['TCP/443'], why: 'Helm and OCI chart repositories, GitHub for Dex\'s login, notification services' },
        { to: INTERNET, ports: ['TCP/22'], why: 'The repo-server clones git@github.com:imcbeth/homelab.git over SSH', appliesTo: ['argocd-repo-server'] },
      ],
    },
    'ingress-nginx': {
      summary: 'The ingress controller: LAN clients in on 80 and 443, out to the backend of every Ingress',
      ingress: [
        { from: { cidr: '0.0.0.0/0' }, ports: ['TCP/80', 'TCP/443'], why: 'LAN clients through the MetalLB address, which keep their own source address (externalTrafficPolicy Local)' },
        ...UNPROTECTED_NAMESPACES.map((namespace) => ({
          from: { namespace },
          ports: ['TCP/80', 'TCP/443'] as SpecPort[],
          why: `Open to every source for the clients' sake, so also to ${namespace}, which has no egress policy yet`,
        })),
        { from: { workload: 'argo-workflows/lifeonabike-build' }, ports: ['TCP/443'], why: 'The build pushes to registry.k8s.n37.ca (zot behind ingress-nginx)' },
        { from: { workload: 'default/blackbox-exporter' }, ports: ['TCP/80', 'TCP/443'], why: "blackbox-exporter probes the homelab's own Ingress hostnames, pinned to the ingress controller" },
        { from: { workload: 'ingress-nginx/ingress-nginx-controller' }, ports: ['TCP/80', 'TCP/443'], why: 'Hairpin: a public hostname used from inside the cluster comes back to a controller pod' },
        ...apiServerWebhook('TCP/8443', "ingress-nginx's admission webhook", ['ingress-nginx-controller']),
        { from: { role: 'prometheus' }, ports: ['TCP/10254'], why: "Prometheus scrapes the controller's metrics" },
      ],
      egress: [
        DNS,
        { to: { namespace: 'localstack' }, ports: ['TCP/4566'], why: 'The LocalStack UI' },
        { to: { namespace: 'oauth2-proxy' }, ports: ['TCP/4180'], why: 'The login pages and the auth subrequests of the protected Ingresses' },
        { to: { workload: 'lifeonabike/web' }, ports: ['TCP/8080'], why: 'lifeonabike.ca' },
        { to: { workload: 'falco/falco-falcosidekick-ui' }, ports: ['TCP/2802'], why: 'The falcosidekick web UI' },
        { to: { workload: 'argo-events/lifeonabike-github-eventsource' }, ports: ['TCP/12000'], why: "GitHub's push webhook to the EventSource" },
        { to: { workload: 'argo-workflows/argo-workflows-server' }, ports: ['TCP/2746'], why: 'The Argo Workflows UI' },
        { to: { workload: 'flink-demo/kafka-to-s3' }, ports: ['TCP/8081'], why: 'The Flink UI of kafka-to-s3' },
        { to: { workload: 'argocd/argocd-server' }, ports: ['TCP/8080'], why: 'The Argo CD UI and API' },
        { to: { role: 'grafana' }, ports: ['TCP/3000'], why: 'grafana.k8s.n37.ca' },
        { to: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/3001'], why: 'status.k8s.n37.ca' },
        { to: { namespace: 'zot' }, ports: ['TCP/5000'], why: 'registry.k8s.n37.ca' },
        { to: { namespace: 'pihole' }, ports: ['TCP/80'], why: 'pihole.k8s.n37.ca' },
        { to: { workload: 'ingress-nginx/ingress-nginx-controller' }, ports: ['TCP/80', 'TCP/443'], why: 'Hairpin: a public hostname used from inside the cluster comes back to a controller pod' },
        ...clusterApi('the ingress controller'),
        ...(API_SERVER.endpoints.length > 0 ? [] : [{
          to: { cidr: '0.0.0.0/0', except: ['192.168.0.0/16', '10.96.0.0/12'] },
          ports: [`TCP/${API_SERVER.endpointPort}`] as SpecPort[],
          why: 'The API server endpoint, whose address is not yet a cluster fact: the controller cannot start without the API',
        }]),
      ],
    },
    'flink-operator': {
      summary: 'The Flink Kubernetes operator: runs the FlinkDeployments of every namespace, validates them in its webhook',
      ingress: [
        // No Prometheus entry: metrics.port is unset, the operator logs its metrics instead.
        ...apiServerWebhook('TCP/9443', "the Flink operator's validating webhook", ['flink-kubernetes-operator']),
        ambientProbes(['TCP/8085']),
      ],
      egress: [
        DNS,
        ...clusterApi('the Flink operator'),
        {
          to: { workload: 'flink-demo/file-to-kafka' },
          ports: ['TCP/8081', HBONE],
          why: "Drives the job through its JobManager's REST API (status, savepoints, upgrades); HBONE while both are in the mesh",
        },
        {
          to: { workload: 'flink-demo/kafka-to-s3' },
          ports: ['TCP/8081', HBONE],
          why: "Drives the job through its JobManager's REST API (status, savepoints, upgrades); HBONE while both are in the mesh",
        },
      ],
    },
    'default': {
      summary: 'The monitoring stack (kube-prometheus-stack, blackbox and SNMP exporters) and the seed\'s throwaway test pod',
      ingress: [
        mesh('default', 'default', {
          from: { role: 'prometheus' },
          ports: ['TCP/9090', 'TCP/8080', 'TCP/9093', 'TCP/3000', 'TCP/10250', 'TCP/9115', 'TCP/9116'],
          why: 'Prometheus scrapes the monitoring stack (itself, Alertmanager, Grafana, kube-state-metrics, the operator, both exporters) and alerts to Alertmanager',
        }),
        ...apiServerWebhook('TCP/10250', "the Prometheus operator's admission webhook", ['kube-prometheus-stack-operator']),
        { from: { workload: 'ingress-nginx/ingress-nginx-controller' }, ports: ['TCP/3000'], why: 'grafana.k8s.n37.ca through the ingress controller', appliesTo: ['kube-prometheus-stack-grafana'] },
        mesh('default', 'default', { from: { role: 'grafana' }, ports: ['TCP/9090'], why: "Grafana's Prometheus datasource", appliesTo: [PROMETHEUS_POD] }),
        mesh('default', 'default', { from: { role: 'grafana' }, ports: ['TCP/9093'], why: "Grafana's Alertmanager datasource", appliesTo: ['alertmanager-kube-prometheus-stack-alertmanager'] }),
        mesh('default', 'loki', { from: { namespace: 'loki' }, ports: ['TCP/9093'], why: "Loki's ruler sends log-based alerts", appliesTo: ['alertmanager-kube-prometheus-stack-alertmanager'] }),
        { from: { workload: 'falco/falco-falcosidekick' }, ports: ['TCP/9093'], why: 'falcosidekick raises alerts for Falco events', appliesTo: ['alertmanager-kube-prometheus-stack-alertmanager'] },
        mesh('default', 'argo-workflows', {
          from: { workload: 'argo-workflows/cluster-healthcheck' },
          ports: ['TCP/9093'],
          why: 'cluster-healthcheck raises ClusterHealthDegraded',
          appliesTo: ['alertmanager-kube-prometheus-stack-alertmanager'],
        }),
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/3000'], why: "Uptime Kuma's Grafana monitor (/api/health)", appliesTo: ['kube-prometheus-stack-grafana'] },
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/9090'], why: "Uptime Kuma's Prometheus monitor (/-/healthy)", appliesTo: [PROMETHEUS_POD] },
        ambientProbes(['TCP/1-65535']),
      ],
      egress: [
        // Every pod, the test pod included: it resolves names and nothing more, besides the API below.
        DNS,
        // Every pod: Prometheus, the operator, kube-state-metrics and Grafana's sidecars watch the API, and share no label.
        ...clusterApi('default'),
        mesh('default', 'default', {
          to: { namespace: 'default' },
          ports: ['TCP/9090', 'TCP/8080', 'TCP/9093', 'TCP/3000', 'TCP/10250', 'TCP/9115', 'TCP/9116'],
          why: 'Prometheus scrapes the monitoring stack (itself, Alertmanager, Grafana, kube-state-metrics, the operator, both exporters) and alerts to Alertmanager',
          appliesTo: [PROMETHEUS_POD],
        }),
        scrapedBy('localstack', { namespace: 'localstack' }, ['TCP/4566'], "LocalStack's metrics"),
        scrapedBy('unipoller', { namespace: 'unipoller' }, ['TCP/9130'], 'the UniFi metrics'),
        scrapedBy('loki', { namespace: 'loki' }, ['TCP/3100'], "Loki's metrics"),
        scrapedBy('trivy-system', { namespace: 'trivy-system' }, ['TCP/8080'], 'the vulnerability report metrics'),
        scrapedBy('velero', { namespace: 'velero' }, ['TCP/8085'], "Velero's backup metrics"),
        scrapedBy('cert-manager', { namespace: 'cert-manager' }, ['TCP/9402'], "cert-manager's metrics"),
        scrapedBy('external-dns', { workload: 'external-dns/external-dns-cloudflare' }, ['TCP/7979'], "external-dns's metrics"),
        scrapedBy('external-dns', { workload: 'external-dns/external-dns-unifi' }, ['TCP/7979'], "external-dns's metrics"),
        scrapedBy('metallb-system', { workload: 'metallb-system/metallb-controller' }, ['TCP/7472'], "the MetalLB controller's metrics"),
        scrapedBy('oauth2-proxy', { namespace: 'oauth2-proxy' }, ['TCP/44180'], "oauth2-proxy's metrics"),
        scrapedBy('tempo', { namespace: 'tempo' }, ['TCP/3100'], "Tempo's metrics"),
        scrapedBy('external-secrets', { namespace: 'external-secrets' }, ['TCP/8080'], "the External Secrets metrics"),
        scrapedBy('gatekeeper-system', { namespace: 'gatekeeper-system' }, ['TCP/8888'], "Gatekeeper's metrics"),
        scrapedBy('falco', { namespace: 'falco' }, ['TCP/8765', 'TCP/2801'], "Falco's and falcosidekick's metrics"),
        scrapedBy('chaos-mesh', { workload: 'chaos-mesh/chaos-controller-manager' }, ['TCP/10080'], "the Chaos Mesh controller-manager's metrics"),
        scrapedBy('argo-events', { workload: 'argo-events/argo-events-controller-manager' }, ['TCP/7777'], "the Argo Events controller's metrics"),
        scrapedBy('argo-workflows', { workload: 'argo-workflows/argo-workflows-workflow-controller' }, ['TCP/9090'], "the workflow controller's metrics"),
        scrapedBy('strimzi-system', { namespace: 'strimzi-system' }, ['TCP/8080'], "the Strimzi operator's metrics"),
        scrapedBy('kafka', { workload: 'kafka/kafka-cluster-entity-operator' }, ['TCP/8080'], "the topic operator's metrics"),
        scrapedBy('ingress-nginx', { workload: 'ingress-nginx/ingress-nginx-controller' }, ['TCP/10254'], "the ingress controller's metrics"),
        scrapedBy('argocd', { namespace: 'argocd' }, ['TCP/8082', 'TCP/8083', 'TCP/8084'], "Argo CD's controller, server and repo-server metrics"),
        scrapedBy('zot', { namespace: 'zot' }, ['TCP/5000'], "zot's /metrics"),
        scrapedBy('synology-csi', { workload: 'synology-csi/pvc-mount-monitor' }, ['TCP/9300'], "pvc-mount-monitor's metrics"),
        scrapedBy('synology-csi', { workload: 'synology-csi/pvc-writability-prober' }, ['TCP/9310'], "pvc-writability-prober's metrics"),
        scrapedBy('uptime-kuma', { workload: 'uptime-kuma/uptime-kuma' }, ['TCP/3001'], "Uptime Kuma's metrics"),
        // Exempt namespaces in the inventory (calico-system and istio-system have no inventory workloads to check).
        scrapedBy('kube-system', { workload: 'kube-system/coredns' }, ['TCP/9153'], "CoreDNS's metrics"),
        {
          to: { cidr: NODE_CIDR },
          ports: ['TCP/10250', 'TCP/9100', 'TCP/10249', 'TCP/10257', 'TCP/10259', 'TCP/2381', 'TCP/6443', 'TCP/9091'],
          why: 'Prometheus scrapes what listens on the nodes: kubelet, node-exporter, kube-proxy, controller-manager, scheduler, etcd, API server, Felix',
          appliesTo: [PROMETHEUS_POD],
        },
        mesh('default', 'default', { to: { role: 'prometheus' }, ports: ['TCP/9090'], why: "Grafana's Prometheus datasource", appliesTo: ['kube-prometheus-stack-grafana'] }),
        mesh('default', 'default', {
          to: { role: 'alertmanager' },
          ports: ['TCP/9093'],
          why: "Grafana's Alertmanager datasource",
          appliesTo: ['kube-prometheus-stack-grafana'],
        }),
        mesh('default', 'loki', { to: { namespace: 'loki' }, ports: ['TCP/3100'], why: 'Grafana queries logs (Explore, dashboards)', appliesTo: ['kube-prometheus-stack-grafana'] }),
        { to: { workload: 'tempo/tempo' }, ports: ['TCP/3100'], why: 'The Tempo datasource: Grafana searches and reads traces', appliesTo: ['kube-prometheus-stack-grafana'] },
        { to: INTERNET, ports: ['TCP/587', 'TCP/465'], why: "Alertmanager's email receiver: the SMTP relay", appliesTo: ['alertmanager-kube-prometheus-stack-alertmanager'] },
        { to: INTERNET, ports: ['TCP/80', 'TCP/443'], why: 'blackbox-exporter probes HTTP(S) endpoints on the internet', appliesTo: ['blackbox-exporter'] },
        {
          to: { cidr: '10.0.0.0/8', except: [SERVICE_CIDR] },
          ports: ['TCP/80', 'TCP/443', 'TCP/8443'],
          why: 'blackbox-exporter probes HTTP(S) endpoints on the LAN',
          appliesTo: ['blackbox-exporter'],
        },
        {
          to: { workload: 'ingress-nginx/ingress-nginx-controller' },
          ports: ['TCP/80', 'TCP/443'],
          why: "blackbox-exporter probes the homelab's own Ingress hostnames, pinned to the ingress controller",
          appliesTo: ['blackbox-exporter'],
        },
        { to: { cidr: '10.0.0.0/8', except: [SERVICE_CIDR] }, ports: ['UDP/161'], why: 'snmp-exporter polls the network devices over SNMP', appliesTo: ['snmp-exporter'] },
      ],
    },
    'synology-csi': {
      summary: 'The Synology CSI driver (hostNetwork, see the known gap), the snapshot controller and the read-only-remount tooling',
      ingress: [
        { ...prometheusScrape('synology-csi', 'TCP/9300', 'pvc-mount-monitor (its PodMonitor)'), appliesTo: ['pvc-mount-monitor'] },
        { ...prometheusScrape('synology-csi', 'TCP/9310', 'pvc-writability-prober (its ServiceMonitor)'), appliesTo: ['pvc-writability-prober'] },
        { from: { workload: 'synology-csi/pvc-ro-remediator' }, ports: ['TCP/9300'], why: 'The remediator reads every monitor pod\'s metrics directly, not through Prometheus', appliesTo: ['pvc-mount-monitor'] },
      ],
      egress: [
        DNS,
        { to: { workload: 'synology-csi/pvc-mount-monitor' }, ports: ['TCP/9300'], why: 'The remediator reads every monitor pod\'s metrics directly, not through Prometheus', appliesTo: ['pvc-ro-remediator'] },
        ...clusterApi('the snapshot controller, the prober, the remediator and the janitor'),
      ],
    },
    'zot': {
      summary: 'The zot OCI registry: pulls (nodes included) through ingress-nginx, the build\'s pushes, upstream registries over HTTPS',
      ingress: [
        { from: { namespace: 'ingress-nginx' }, ports: ['TCP/5000'], why: 'registry.k8s.n37.ca through the ingress controller: LAN clients and every node\'s image pulls' },
        { from: { workload: 'argo-workflows/lifeonabike-build' }, ports: ['TCP/5000'], why: 'The lifeonabike build\'s kaniko pushes the image in-cluster' },
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/5000'], why: 'Uptime Kuma\'s "Zot Registry" monitor (/v2/)' },
        prometheusScrape('zot', 'TCP/5000', "zot's /metrics (its ServiceMonitor)"),
      ],
      egress: [
        DNS,
        { to: INTERNET, ports: ['TCP/443'], why: 'Pull-through sync from Docker Hub, GHCR, quay.io and registry.k8s.io, and the Trivy CVE database' },
      ],
    },
    'uptime-kuma': {
      summary: 'Uptime Kuma, the status page: its UI behind ingress-nginx, its monitors out to exactly the baseline targets',
      ingress: [
        { from: { namespace: 'ingress-nginx' }, ports: ['TCP/3001'], why: 'status.k8s.n37.ca through the ingress controller', appliesTo: ['uptime-kuma'] },
        { ...prometheusScrape('uptime-kuma', 'TCP/3001', "Uptime Kuma's /metrics (its ServiceMonitor)"), appliesTo: ['uptime-kuma'] },
        { from: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/3001'], why: 'The "Uptime Kuma" monitor checks its own Service', appliesTo: ['uptime-kuma'] },
      ],
      egress: [
        DNS,
        // One entry per monitor of monitor-baseline-configmap.yaml, on the port the target pod serves.
        { to: { workload: 'uptime-kuma/uptime-kuma' }, ports: ['TCP/3001'], why: 'The "Uptime Kuma" monitor checks its own Service', appliesTo: ['uptime-kuma'] },
        { to: { workload: 'argo-workflows/argo-workflows-server' }, ports: ['TCP/2746'], why: 'The "Argo Workflows" monitor', appliesTo: ['uptime-kuma'] },
        { to: { workload: 'argocd/argocd-server' }, ports: ['TCP/8080'], why: 'The "ArgoCD" monitor (/healthz; the Service\'s 443 is the server\'s 8080)', appliesTo: ['uptime-kuma'] },
        { to: { workload: 'falco/falco-falcosidekick-ui' }, ports: ['TCP/2802'], why: 'The "Falco UI" monitor', appliesTo: ['uptime-kuma'] },
        { to: { role: 'grafana' }, ports: ['TCP/3000'], why: 'The "Grafana" monitor (/api/health; the Service\'s 80 is Grafana\'s 3000)', appliesTo: ['uptime-kuma'] },
        { to: { role: 'prometheus' }, ports: ['TCP/9090'], why: 'The "Prometheus" monitor (/-/healthy)', appliesTo: ['uptime-kuma'] },
        { to: { workload: 'localstack/localstack' }, ports: ['TCP/4566'], why: 'The "LocalStack" monitor', appliesTo: ['uptime-kuma'] },
        { to: { workload: 'loki/loki' }, ports: ['TCP/3100'], why: 'The "Loki" monitor', appliesTo: ['uptime-kuma'] },
        { to: { workload: 'tempo/tempo' }, ports: ['TCP/3100'], why: 'The "Tempo" monitor, once its URL names 3100 (it says 3200, which Tempo does not serve)', appliesTo: ['uptime-kuma'] },
        { to: { workload: 'zot/zot' }, ports: ['TCP/5000'], why: 'The "Zot Registry" monitor (/v2/)', appliesTo: ['uptime-kuma'] },
        { to: { workload: 'lifeonabike/web' }, ports: ['TCP/8080'], why: 'The lifeonabike.ca and www.lifeonabike.ca monitors', appliesTo: ['uptime-kuma'] },
        { to: { cidr: '10.0.1.1/32' }, ports: ['TCP/443'], why: 'The "UniFi Controller" monitor', appliesTo: ['uptime-kuma'] },
        { to: { cidr: '10.0.20.131/32' }, ports: ['TCP/443'], why: 'The "UNVR (UniFi Protect)" monitor', appliesTo: ['uptime-kuma'] },
        { to: INTERNET, ports: ['TCP/80', 'TCP/443'], why: 'HTTP and HTTPS monitors of public sites', appliesTo: ['uptime-kuma'] },
        ...clusterApi('the monitor drift detector', ['uptime-kuma-monitor-drift']),
      ],
    },
  },
};
