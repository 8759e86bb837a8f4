import { API_SERVER } from '../../../homelab/cluster';
import { loadCluster, netpolMatchers } from '../../../netpol/testing/netpol-matchers';
import { namespaceObjects } from '../support/synth';

expect.extend(netpolMatchers);

const ISTIOD = { matchLabels: { app: 'istiod' } };
const ZTUNNEL = { matchLabels: { app: 'ztunnel' } };
const PROMETHEUS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
};

describe('istio-system', () => {
  // GIVEN the istio-system composition WHEN synthesized
  const objects = namespaceObjects('istio-system');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has exactly these policies: default deny, DNS, the webhooks, the scrapes, ztunnel to istiod, the API', () => {
    expect(objects.map((o) => o.metadata.name).sort()).toEqual([
      ...(API_SERVER.endpoints.length === 0 ? ['allow-api-server-unknown-endpoints-egress'] : []),
      'allow-api-server-webhook-ingress', 'allow-cluster-api-egress', 'allow-dns-egress',
      'allow-prometheus-to-istiod-ingress', 'allow-prometheus-to-ztunnel-ingress',
      'allow-ztunnel-to-istiod-egress', 'allow-ztunnel-to-istiod-ingress', 'default-deny',
    ]);
  });

  test('nothing here admits HBONE: in-pod redirection puts 15008 on the enrolled pods, not on ztunnel\'s own', () => {
    const ports = objects.flatMap((o) => [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])]).flatMap((rule) => rule.ports ?? []);
    expect(ports.filter((port) => port.port === 15008)).toEqual([]);
  });

  test('istiod takes the API server\'s webhook calls on 15017 from any source, and xDS on 15012 from the ztunnel pods only', () => {
    expect(byName('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: ISTIOD, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 15017 }] }],
    });
    expect(byName('allow-ztunnel-to-istiod-ingress').spec).toEqual({
      podSelector: ISTIOD,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: ZTUNNEL }], ports: [{ protocol: 'TCP', port: 15012 }] }],
    });
    expect(byName('allow-ztunnel-to-istiod-egress').spec).toEqual({
      podSelector: ZTUNNEL,
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: ISTIOD }], ports: [{ protocol: 'TCP', port: 15012 }] }],
    });
  });

  test('the Prometheus pods scrape istiod on 15014 and ztunnel on 15020, each on its own pods', () => {
    expect(byName('allow-prometheus-to-istiod-ingress').spec).toEqual({
      podSelector: ISTIOD, policyTypes: ['Ingress'], ingress: [{ from: [PROMETHEUS_PEER], ports: [{ protocol: 'TCP', port: 15014 }] }],
    });
    expect(byName('allow-prometheus-to-ztunnel-ingress').spec).toEqual({
      podSelector: ZTUNNEL, policyTypes: ['Ingress'], ingress: [{ from: [PROMETHEUS_PEER], ports: [{ protocol: 'TCP', port: 15020 }] }],
    });
  });
});

describe('istio-system in dist/ with the inventory', () => {
  const { flow } = loadCluster(['dist', 'inventory/workloads.yaml']);
  const PROMETHEUS = 'default/prometheus-kube-prometheus-stack-prometheus';

  test('ztunnel reaches istiod on 15012 (xDS and certificates); istio-cni-node does not need to and cannot', () => {
    expect(flow('istio-system/ztunnel', 'istio-system/istiod', 'TCP/15012')).toBeAllowed();
    expect(flow('istio-system/ztunnel', 'istio-system/istiod', 'TCP/15010')).toBeDenied();
    expect(flow('istio-system/istio-cni-node', 'istio-system/istiod', 'TCP/15012')).toBeDenied();
  });

  test('the API server (any address) reaches the webhooks on 15017; a pod of a protected namespace does not reach xDS', () => {
    expect(flow('10.0.10.214', 'istio-system/istiod', 'TCP/15017')).toBeAllowed();
    expect(flow('default/test-pod', 'istio-system/istiod', 'TCP/15012')).toBeDenied();
    expect(flow('loki/loki', 'istio-system/istiod', 'TCP/15012')).toBeDenied();
  });

  test('Prometheus scrapes istiod on 15014 and ztunnel on 15020, plain TCP (istio-system is not enrolled); Grafana does not', () => {
    expect(flow(PROMETHEUS, 'istio-system/istiod', 'TCP/15014')).toBeAllowed();
    expect(flow(PROMETHEUS, 'istio-system/ztunnel', 'TCP/15020')).toBeAllowed();
    expect(flow(PROMETHEUS, 'istio-system/ztunnel', 'TCP/15008')).toBeDenied();
    expect(flow(PROMETHEUS, 'istio-system/istio-cni-node', 'TCP/15014')).toBeDenied();
    expect(flow('default/kube-prometheus-stack-grafana', 'istio-system/istiod', 'TCP/15014')).toBeDenied();
  });

  test('istiod and istio-cni-node reach the API server at the control plane; no istio-system pod reaches other pods or the internet', () => {
    for (const workload of ['istiod', 'istio-cni-node']) {
      expect(flow(`istio-system/${workload}`, '10.96.0.1', 'TCP/443')).toBeAllowed();
      expect(flow(`istio-system/${workload}`, '10.0.10.214', 'TCP/6443')).toBeAllowed();
    }
    for (const workload of ['istiod', 'istio-cni-node', 'ztunnel']) {
      expect(flow(`istio-system/${workload}`, 'loki/loki', 'TCP/3100')).toBeDenied();
      expect(flow(`istio-system/${workload}`, 'loki/loki', 'TCP/15008')).toBeDenied();
      expect(flow(`istio-system/${workload}`, '203.0.113.10', 'TCP/443')).toBeDenied();
    }
  });

  test('HBONE between enrolled pods does not involve ztunnel\'s own pod: Prometheus reaches loki on 15008 directly', () => {
    expect(flow(PROMETHEUS, 'loki/loki', 'TCP/15008')).toBeAllowed();
    expect(flow(PROMETHEUS, 'istio-system/ztunnel', 'TCP/15008')).toBeDenied();
  });
});
