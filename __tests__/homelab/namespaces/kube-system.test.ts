import { API_SERVER } from '../../../homelab/cluster';
import { loadCluster, netpolMatchers } from '../../../netpol/testing/netpol-matchers';
import { namespaceObjects } from '../support/synth';

expect.extend(netpolMatchers);

const COREDNS = { matchLabels: { 'k8s-app': 'kube-dns' } };
const METRICS_SERVER = { matchLabels: { 'app.kubernetes.io/name': 'metrics-server', 'app.kubernetes.io/instance': 'metrics-server' } };
const SEALED_SECRETS = { matchLabels: { 'app.kubernetes.io/name': 'sealed-secrets', 'app.kubernetes.io/instance': 'sealed-secrets' } };
const DNS_PORTS = [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }];

describe('kube-system', () => {
  // GIVEN the kube-system composition WHEN synthesized
  const objects = namespaceObjects('kube-system');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has exactly these policies: default deny, DNS both ways, the API server\'s calls, the scrapes, the kubelets, the API', () => {
    expect(objects.map((o) => o.metadata.name).sort()).toEqual([
      'allow-api-server-to-metrics-server-ingress', 'allow-api-server-to-sealed-secrets-ingress',
      ...(API_SERVER.endpoints.length === 0 ? ['allow-api-server-unknown-endpoints-egress'] : []),
      'allow-cluster-api-egress', 'allow-dns-clients-ingress', 'allow-dns-egress', 'allow-kubelets-egress',
      'allow-prometheus-to-kube-dns-ingress', 'allow-prometheus-to-metrics-server-ingress', 'allow-prometheus-to-sealed-secrets-ingress',
      'allow-upstream-dns-egress', 'default-deny',
    ]);
  });

  test('DNS is open to every source on the CoreDNS pods only (the owner opened 53 on every pod)', () => {
    expect(byName('allow-dns-clients-ingress').spec).toEqual({ podSelector: COREDNS, policyTypes: ['Ingress'], ingress: [{ ports: DNS_PORTS }] });
  });

  test('only CoreDNS reaches the upstream resolver, on 53 only (the owner let every pod reach 0.0.0.0/0 on 53)', () => {
    expect(byName('allow-upstream-dns-egress').spec).toEqual({
      podSelector: COREDNS,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.10.1/32' } }], ports: DNS_PORTS }],
    });
  });

  test('the API server reaches metrics-server on 10250 and the sealed-secrets controller on 8080, from any source, nothing else', () => {
    expect(byName('allow-api-server-to-metrics-server-ingress').spec).toEqual({
      podSelector: METRICS_SERVER, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 10250 }] }],
    });
    expect(byName('allow-api-server-to-sealed-secrets-ingress').spec).toEqual({
      podSelector: SEALED_SECRETS, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
  });

  test('only metrics-server reaches the kubelets, on 10250 at the node addresses', () => {
    expect(byName('allow-kubelets-egress').spec).toEqual({
      podSelector: METRICS_SERVER,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.10.0/24' } }], ports: [{ protocol: 'TCP', port: 10250 }] }],
    });
  });

  test('every pod reaches the API server, on 6443 at the node addresses while the endpoints are unknown (the owner\'s range)', () => {
    expect(byName('allow-cluster-api-egress').spec.podSelector).toEqual({});
    if (API_SERVER.endpoints.length === 0) {
      expect(byName('allow-api-server-unknown-endpoints-egress').spec).toEqual({
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.10.0/24' } }], ports: [{ protocol: 'TCP', port: 6443 }] }],
      });
    }
  });
});

describe('kube-system in dist/ with the inventory', () => {
  const { flow } = loadCluster(['dist', 'inventory/workloads.yaml']);

  test.each([
    ['default/test-pod'], ['velero/velero'], ['istio-system/ztunnel'], ['pihole/pihole'], ['10.0.10.235'],
  ])('%s (a pod of any namespace, exempt ones included, or a hostNetwork client at a node address) resolves names on CoreDNS', (client) => {
    expect(flow(client, 'kube-system/coredns', 'UDP/53')).toBeAllowed();
    expect(flow(client, 'kube-system/coredns', 'TCP/53')).toBeAllowed();
  });

  test('CoreDNS forwards to the nodes\' resolver, and nothing else of kube-system can', () => {
    expect(flow('kube-system/coredns', '10.0.10.1', 'UDP/53')).toBeAllowed();
    expect(flow('kube-system/coredns', '10.0.10.1', 'TCP/53')).toBeAllowed();
    expect(flow('kube-system/coredns', '1.1.1.1', 'UDP/53')).toBeDenied();
    for (const other of ['kube-system/metrics-server', 'kube-system/sealed-secrets-controller', 'kube-system/vpa-recommender']) {
      expect(flow(other, '10.0.10.1', 'UDP/53')).toBeDenied();
    }
  });

  test('Prometheus scrapes CoreDNS on 9153, metrics-server on 10250 and sealed-secrets on 8081, and nothing else of them', () => {
    const prometheus = 'default/prometheus-kube-prometheus-stack-prometheus';
    expect(flow(prometheus, 'kube-system/coredns', 'TCP/9153')).toBeAllowed();
    expect(flow(prometheus, 'kube-system/metrics-server', 'TCP/10250')).toBeAllowed();
    expect(flow(prometheus, 'kube-system/sealed-secrets-controller', 'TCP/8081')).toBeAllowed();
    expect(flow(prometheus, 'kube-system/coredns', 'TCP/8081')).toBeDenied();
    expect(flow(prometheus, 'kube-system/vpa-recommender', 'TCP/8942')).toBeDenied();
    expect(flow('default/kube-prometheus-stack-grafana', 'kube-system/coredns', 'TCP/9153')).toBeDenied();
  });

  test('metrics-server scrapes a kubelet on 10250; the sealed-secrets controller does not', () => {
    expect(flow('kube-system/metrics-server', '10.0.10.235', 'TCP/10250')).toBeAllowed();
    expect(flow('kube-system/sealed-secrets-controller', '10.0.10.235', 'TCP/10250')).toBeDenied();
  });

  test('every pod-network workload reaches the API server at the control plane on 6443, and nothing on the LAN or the internet', () => {
    for (const workload of ['coredns', 'metrics-server', 'sealed-secrets-controller', 'vpa-recommender']) {
      expect(flow(`kube-system/${workload}`, '10.96.0.1', 'TCP/443')).toBeAllowed();
      expect(flow(`kube-system/${workload}`, '10.0.10.214', 'TCP/6443')).toBeAllowed();
      expect(flow(`kube-system/${workload}`, '10.0.1.1', 'TCP/6443')).toBeDenied();
      expect(flow(`kube-system/${workload}`, '203.0.113.10', 'TCP/443')).toBeDenied();
    }
  });
});
