/**
 * The seed document's own checks ("Testing Network Policies" in network-policies.md) and the security
 * invariants, run offline against the committed dist/ and the workload inventory instead of with kubectl
 * on the cluster. Written independently of the flow declarations: each says what must (or must not) be
 * reachable, whatever the namespaces' files declare.
 */
import { API_SERVER, NODE_CIDR, PROMETHEUS as PROMETHEUS_PODS } from '../../../homelab/cluster';
import { explain, formatPortSet, listConnections, workloadLabel } from '../../../netpol/analyzer';
import { loadCluster, netpolMatchers, type FlowPort } from '../../../netpol/testing/netpol-matchers';
import { appFacts, protectedNamespaceNames } from '../support/synth';

expect.extend(netpolMatchers);

const { flow, model } = loadCluster(['dist', 'inventory/workloads.yaml']);

const PROMETHEUS = 'default/prometheus-kube-prometheus-stack-prometheus';
const GRAFANA = 'default/kube-prometheus-stack-grafana';
const ALERTMANAGER = 'default/alertmanager-kube-prometheus-stack-alertmanager';
const COREDNS = 'kube-system/coredns';
const TEST_POD = 'default/test-pod';
const LOCALSTACK = 'localstack/localstack';
const VELERO = 'velero/velero';
const LOKI = 'loki/loki';
const PROMTAIL = 'loki/promtail';
const UNIPOLLER = 'unipoller/unifi-poller';
const TRIVY = 'trivy-system/trivy-operator';
const UNIFI_CONTROLLER = '10.0.1.1';
const API_SERVICE_IP = '10.96.0.1';
// Stand-ins for public HTTPS destinations (Backblaze B2, ghcr.io): documentation addresses from
// RFC 5737, which the policies treat like any other public address. Real endpoints change.
const B2_EXAMPLE = '203.0.113.10';
const REGISTRY_EXAMPLE = '198.51.100.20';
const LAN_HOST = '192.168.1.10';
// github.com's SSH and HTTPS (one of its published addresses; the policy admits the internet on 22 and 443).
const GITHUB_EXAMPLE = '140.82.112.3';

const protectedNamespaces = new Set(protectedNamespaceNames());
const workloadsOf = (namespace: string) => model.workloads.filter((workload) => workload.namespace === namespace);

describe('Test Allowed Traffic: Prometheus scrapes every scrape target', () => {
  // Every namespace's prometheusScrapePorts, and every other flow from the Prometheus pods (a second target
  // of a namespace, such as synology-csi's prober, kube-system's CoreDNS, metrics-server and sealed-secrets,
  // istio-system's istiod and ztunnel), on every inventory workload it selects ("Check targets page: All
  // targets UP"): whatever else the flows say, these must arrive.
  const targets = appFacts().protectedNamespaces.flatMap((namespace) => namespace.flows
    .filter((declared) => declared.declaredAs === 'prometheusScrapePorts' || PROMETHEUS_PODS.sameAs(declared.from))
    .flatMap((declared) => workloadsOf(declared.to.namespace)
      .filter((workload) => Object.entries(declared.to.labels ?? {}).every(([key, value]) => workload.labels[key] === value))
      .flatMap((workload) => declared.ports.map((port) => [namespace.name, `${workload.namespace}/${workload.name}`, `${port.protocol}/${port.port}` as FlowPort] as const))));

  it('has targets', () => {
    expect(targets.length).toBeGreaterThan(0);
  });

  it.each(targets)('%s: %s on %s', (_namespace, workload, port) => {
    expect(flow(PROMETHEUS, workload, port)).toBeAllowed();
  });

  // Protected namespaces that serve no metrics at all, each with the reason and a port Prometheus must not reach.
  const unscraped: [namespace: string, workload: string, port: FlowPort, why: string][] = [
    ['lifeonabike', 'lifeonabike/web', 'TCP/8080', 'nginx serving a static site, with no metrics port and no ServiceMonitor'],
    ['flink-operator', 'flink-operator/flink-kubernetes-operator', 'TCP/8085', 'metrics.port is unset: the operator logs its metrics (slf4j reporter); 8085 is its health probe'],
    ['flink-demo', 'flink-demo/kafka-to-s3', 'TCP/8081', 'no metrics reporter in the FlinkDeployments\' flinkConfiguration; 8081 is the JobManager\'s REST API'],
  ];

  it.each(unscraped)('%s serves no metrics, so Prometheus does not reach %s on %s', (_namespace, workload, port) => {
    expect(flow(PROMETHEUS, workload, port)).toBeDenied();
  });

});

describe('invariants', () => {
  it('a pod in default outside the monitoring stack (the seed\'s test pod) reaches no workload of a protected namespace but kube-dns, on DNS only', () => {
    // kube-system is protected too: its CoreDNS pods are the one destination every pod has, on UDP and TCP 53.
    const reached = listConnections(model)
      .filter((connection) => connection.src.type === 'workload' && workloadLabel(connection.src.workload).startsWith(`${TEST_POD}[`))
      .flatMap((connection) => (connection.dst.type === 'workload' && protectedNamespaces.has(connection.dst.workload.namespace)
        ? [`${workloadLabel(connection.dst.workload)} ${formatPortSet(connection.ports)}`] : []));
    expect(reached).toEqual([`${COREDNS}[Deployment] TCP 53,UDP 53`]);
  });

  // Every pod of a protected namespace, on the pod network: host-network pods are the node's, not policy's.
  const podNetworkWorkloads = model.workloads
    .filter((workload) => protectedNamespaces.has(workload.namespace) && workload.hostNetwork !== true)
    .map((workload) => `${workload.namespace}/${workload.name}[${workload.kind}]`);

  it.each(podNetworkWorkloads)('%s resolves names through kube-dns (UDP and TCP 53)', (workload) => {
    expect(flow(workload, COREDNS, 'UDP/53')).toBeAllowed();
    expect(flow(workload, COREDNS, 'TCP/53')).toBeAllowed();
  });

  it('every workload that may reach the API Service IP also reaches the endpoints behind it (what Calico sees after the DNAT)', () => {
    const callers = model.workloads.filter((workload) => protectedNamespaces.has(workload.namespace) && workload.hostNetwork !== true)
      .filter((workload) => flow(`${workload.namespace}/${workload.name}[${workload.kind}]`, API_SERVER.serviceIp, `TCP/${API_SERVER.servicePort}` as FlowPort).allowed);
    expect(callers.length).toBeGreaterThan(0);
    expect(API_SERVER.endpoints.length).toBeGreaterThan(0);
    for (const workload of callers) {
      for (const endpoint of API_SERVER.endpoints) {
        expect(flow(`${workload.namespace}/${workload.name}[${workload.kind}]`, endpoint, `TCP/${API_SERVER.endpointPort}` as FlowPort)).toBeAllowed();
      }
    }
  });

  it('Argo CD always reaches the API server (its Service IP and, after the DNAT, the control plane on 6443) and its git repository', () => {
    // The control-plane node, inside NODE_CIDR.
    const nodeAddress = API_SERVER.endpoints[0];
    expect(NODE_CIDR.startsWith(nodeAddress.split('.').slice(0, 3).join('.'))).toBe(true);
    for (const workload of workloadsOf('argocd').filter((w) => w.name === 'argocd-application-controller' || w.name === 'argocd-server')) {
      expect(flow(`argocd/${workload.name}`, API_SERVICE_IP, 'TCP/443')).toBeAllowed();
      expect(flow(`argocd/${workload.name}`, nodeAddress, 'TCP/6443')).toBeAllowed();
    }
    expect(flow('argocd/argocd-repo-server', GITHUB_EXAMPLE, 'TCP/22')).toBeAllowed();
    expect(flow('argocd/argocd-repo-server', GITHUB_EXAMPLE, 'TCP/443')).toBeAllowed();
  });
});

describe('Test Blocked Traffic: a test pod in default is not Prometheus', () => {
  it('cannot reach localstack:4566 (the seed\'s own check, which its YAML failed)', () => {
    expect(flow(TEST_POD, LOCALSTACK, 'TCP/4566')).toBeDenied();
  });

  it('is stopped by its own namespace too, now that default is protected: DNS and nothing else outside', () => {
    expect(flow(TEST_POD, COREDNS, 'UDP/53')).toBeAllowed();
    expect(flow(TEST_POD, B2_EXAMPLE, 'TCP/443')).toBeDenied();
    expect(flow(TEST_POD, GRAFANA, 'TCP/3000')).toBeDenied();
  });

  it('cannot reach the other metrics ports either', () => {
    expect(flow(TEST_POD, VELERO, 'TCP/8085')).toBeDenied();
    expect(flow(TEST_POD, LOKI, 'TCP/3100')).toBeDenied();
    expect(flow(TEST_POD, UNIPOLLER, 'TCP/9130')).toBeDenied();
    expect(flow(TEST_POD, TRIVY, 'TCP/8080')).toBeDenied();
    expect(flow(TEST_POD, 'cert-manager/cert-manager', 'TCP/9402')).toBeDenied();
    expect(flow(TEST_POD, 'external-dns/external-dns-unifi', 'TCP/7979')).toBeDenied();
    expect(flow(TEST_POD, 'metallb-system/metallb-controller', 'TCP/7472')).toBeDenied();
  });
});

describe('Verify Application Functionality', () => {
  it('Velero: backup location available (LocalStack S3, Backblaze B2, the API, DNS)', () => {
    expect(flow(VELERO, LOCALSTACK, 'TCP/4566')).toBeAllowed();
    expect(flow(VELERO, B2_EXAMPLE, 'TCP/443')).toBeAllowed();
    expect(flow(VELERO, API_SERVICE_IP, 'TCP/443')).toBeAllowed();
    expect(flow(VELERO, COREDNS, 'UDP/53')).toBeAllowed();
  });

  it('Loki: recent logs visible in Grafana (Promtail pushes, Grafana queries, alerts go out)', () => {
    expect(flow(PROMTAIL, LOKI, 'TCP/3100')).toBeAllowed();
    expect(flow(GRAFANA, LOKI, 'TCP/3100')).toBeAllowed();
    expect(flow(LOKI, ALERTMANAGER, 'TCP/9093')).toBeAllowed();
  });

  it('Loki: its pods reach each other on HTTP, gRPC and memberlist', () => {
    expect(flow(PROMTAIL, LOKI, 'TCP/9095')).toBeAllowed();
    expect(flow('loki/loki-canary', LOKI, 'TCP/7946')).toBeAllowed();
    expect(flow(LOKI, PROMTAIL, 'TCP/7946')).toBeAllowed();
  });

  it('UniPoller: metrics populated (it polls the UniFi controller on 443 and 8443)', () => {
    expect(flow(UNIPOLLER, UNIFI_CONTROLLER, 'TCP/443')).toBeAllowed();
    expect(flow(UNIPOLLER, UNIFI_CONTROLLER, 'TCP/8443')).toBeAllowed();
  });

  it('Trivy: pulls from container registries over HTTPS and reads the API', () => {
    expect(flow(TRIVY, REGISTRY_EXAMPLE, 'TCP/443')).toBeAllowed();
    expect(flow(TRIVY, API_SERVICE_IP, 'TCP/443')).toBeAllowed();
  });
});

describe('what stays blocked', () => {
  it('promtail cannot reach velero', () => {
    expect(flow(PROMTAIL, VELERO, 'TCP/8085')).toBeDenied();
  });

  it('velero cannot reach the UniFi controller, nor anything else on the LAN', () => {
    expect(flow(VELERO, UNIFI_CONTROLLER, 'TCP/443')).toBeDenied();
    expect(flow(VELERO, LAN_HOST, 'TCP/443')).toBeDenied();
  });

  it('external HTTPS is HTTPS only', () => {
    expect(flow(VELERO, B2_EXAMPLE, 'TCP/80')).toBeDenied();
    expect(flow(TRIVY, REGISTRY_EXAMPLE, 'TCP/22')).toBeDenied();
  });

  it('localstack has no egress except DNS', () => {
    expect(flow(LOCALSTACK, COREDNS, 'UDP/53')).toBeAllowed();
    expect(flow(LOCALSTACK, COREDNS, 'TCP/53')).toBeAllowed();
    expect(flow(LOCALSTACK, B2_EXAMPLE, 'TCP/443')).toBeDenied();
    expect(flow(LOCALSTACK, VELERO, 'TCP/8085')).toBeDenied();
    expect(flow(LOCALSTACK, PROMETHEUS, 'TCP/9090')).toBeDenied();
  });

  it('DNS goes only to kube-dns', () => {
    expect(flow(VELERO, TEST_POD, 'UDP/53')).toBeDenied();
    expect(flow(VELERO, TEST_POD, 'TCP/53')).toBeDenied();
    expect(flow(UNIPOLLER, UNIFI_CONTROLLER, 'UDP/53')).toBeDenied();
  });

  it('ingress-nginx reaches LocalStack\'s UI port only', () => {
    expect(flow('ingress-nginx/ingress-nginx-controller', LOCALSTACK, 'TCP/4566')).toBeAllowed();
    expect(flow('ingress-nginx/ingress-nginx-controller', VELERO, 'TCP/8085')).toBeDenied();
  });
});

// Not the seed's: Istio ambient (ISTIO_AMBIENT in cluster.ts). Between two enrolled pods the wire carries
// HBONE to the receiver's pod IP on 15008, so the scrapes and queries above only work if 15008 is admitted
// too; from a namespace outside the mesh it is plain TCP and 15008 stays closed.
describe('Istio ambient: HBONE 15008 between enrolled namespaces only', () => {
  it('Prometheus (default) reaches localstack on HBONE, both being enrolled', () => {
    expect(flow(PROMETHEUS, LOCALSTACK, 'TCP/15008')).toBeAllowed();
  });

  it('Grafana (default) reaches loki on HBONE, both being enrolled', () => {
    expect(flow(GRAFANA, LOKI, 'TCP/15008')).toBeAllowed();
  });

  it('Prometheus does not reach velero on 15008: velero is not enrolled, so its scrape stays plain TCP on 8085', () => {
    expect(flow(PROMETHEUS, VELERO, 'TCP/15008')).toBeDenied();
  });

  it('a test pod in default is still not Prometheus on 15008', () => {
    expect(flow(TEST_POD, LOCALSTACK, 'TCP/15008')).toBeDenied();
  });
});

// Issue 11: what the cluster runs today and needs (the owner's hand-written policies admit each of these).
describe('the homelab as it runs today', () => {
  it('the API server reaches Chaos Mesh\'s webhook on its container port 10250 (from a node or tunnel address)', () => {
    expect(flow('10.0.10.214', 'chaos-mesh/chaos-controller-manager', 'TCP/10250')).toBeAllowed();
  });

  it('the scan Jobs (trivy-operator stands in: same namespace, no label of their own) reach the Trivy server on 4954', () => {
    expect(flow('trivy-system/trivy-operator', 'trivy-system/trivy-server', 'TCP/4954')).toBeAllowed();
  });

  it('Alloy reaches the API server for pod discovery, and takes OTLP on 4317 and 4318', () => {
    expect(flow('loki/alloy', API_SERVER.endpoints[0], `TCP/${API_SERVER.endpointPort}` as FlowPort)).toBeAllowed();
    expect(flow('10.0.20.50', 'loki/alloy', 'TCP/4317')).toBeAllowed();
    expect(flow('10.0.20.50', 'loki/alloy', 'TCP/4318')).toBeAllowed();
    expect(flow('10.0.20.50', 'loki/loki', 'TCP/4317')).toBeDenied();
  });

  it.each(['10.0.1.1', '10.0.1.204', '8.8.8.8'])('blackbox-exporter pings %s (ICMP echo, through its Calico policy)', (address) => {
    const verdict = explain(model, { from: 'default/blackbox-exporter', to: address, protocol: 'ICMP', port: 8, icmpCode: 0 });
    expect(verdict.allowed).toBe(true);
    expect(explain(model, { from: 'default/test-pod', to: address, protocol: 'ICMP', port: 8, icmpCode: 0 }).allowed).toBe(false);
  });
});

