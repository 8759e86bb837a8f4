import { namespaceObjects } from '../support/synth';
import { meshPorts } from '../../../constructs';
import { PROTECTED_NAMESPACES } from '../../../homelab/namespaces';
import { defaultNamespace, PROMETHEUS_SCRAPE_TARGETS } from '../../../homelab/namespaces/default';

const PROMETHEUS_PODS = { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } };

describe('default', () => {
  // GIVEN the default composition WHEN synthesized
  const objects = namespaceObjects('default');
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one named policy per intent', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-api-server-webhook-ingress', 'allow-ambient-health-probes-ingress',
      'allow-ingress-nginx-ingress', 'allow-grafana-ingress', 'allow-loki-ingress', 'allow-falcosidekick-ingress', 'allow-cluster-healthcheck-ingress',
      'allow-uptime-kuma-grafana-ingress', 'allow-uptime-kuma-prometheus-ingress',
      'allow-monitoring-targets-egress',
      'allow-argo-events-metrics-egress', 'allow-argo-workflows-metrics-egress', 'allow-argocd-metrics-egress', 'allow-cert-manager-metrics-egress', 'allow-chaos-mesh-metrics-egress',
      'allow-external-dns-metrics-egress', 'allow-external-secrets-metrics-egress', 'allow-falco-metrics-egress', 'allow-gatekeeper-system-metrics-egress', 'allow-ingress-nginx-metrics-egress',
      'allow-kafka-metrics-egress', 'allow-localstack-metrics-egress', 'allow-loki-metrics-egress', 'allow-metallb-system-metrics-egress',
      'allow-oauth2-proxy-metrics-egress', 'allow-strimzi-system-metrics-egress', 'allow-tempo-metrics-egress', 'allow-trivy-system-metrics-egress',
      'allow-unipoller-metrics-egress', 'allow-velero-metrics-egress', 'allow-uptime-kuma-metrics-egress', 'allow-zot-metrics-egress',
      'allow-synology-csi-metrics-egress', 'allow-synology-csi-prober-metrics-egress',
      'allow-calico-system-metrics-egress', 'allow-istio-system-metrics-egress',
      'allow-kube-system-metrics-egress',
      'allow-prometheus-datasource-egress', 'allow-alertmanager-datasource-egress', 'allow-loki-datasource-egress', 'allow-tempo-datasource-egress',
      'allow-blackbox-ingress-nginx-egress',
      'allow-nodes-metrics-egress', 'allow-smtp-egress', 'allow-blackbox-internet-egress', 'allow-blackbox-lan-egress', 'allow-snmp-devices-egress',
      'allow-cluster-api-egress',
    ]));
  });

  test('Prometheus scrapes every protected namespace that serves metrics, on exactly its scrape ports and pods (HBONE where both are enrolled)', () => {
    const scraped = Object.entries(PROTECTED_NAMESPACES).filter(([name, props]) => name !== 'default' && props.prometheusScrapePorts !== undefined);
    expect(scraped.length).toBeGreaterThan(0);
    for (const [name, props] of scraped) {
      const egress = policy(`allow-${name}-metrics-egress`);
      expect(egress).toBeDefined();
      expect(egress.spec.podSelector).toEqual(PROMETHEUS_PODS);
      expect(egress.spec.egress).toEqual([{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
          ...(props.prometheusScrapePods === undefined ? {} : { podSelector: { matchLabels: props.prometheusScrapePods } }),
        }],
        ports: meshPorts(props.prometheusScrapePorts!, 'default', name).map((port) => ({ protocol: port.protocol, port: port.port })),
      }]);
    }
    // And no protected namespace without scrape ports is a target.
    const unscraped = Object.entries(PROTECTED_NAMESPACES).filter(([, props]) => props.prometheusScrapePorts === undefined).map(([name]) => name);
    expect(PROMETHEUS_SCRAPE_TARGETS.map((target) => target.namespace).filter((name) => unscraped.includes(name))).toEqual([]);
  });

  test('loki is scraped on 3100 and HBONE 15008 (both enrolled), velero on 8085 alone (not enrolled)', () => {
    expect(policy('allow-loki-metrics-egress').spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 3100 }, { protocol: 'TCP', port: 15008 }]);
    expect(policy('allow-velero-metrics-egress').spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 8085 }]);
  });

  test('only Prometheus reaches the node addresses, on the host-network scrape ports', () => {
    expect(policy('allow-nodes-metrics-egress').spec).toEqual({
      podSelector: PROMETHEUS_PODS,
      policyTypes: ['Egress'],
      egress: [{
        to: [{ ipBlock: { cidr: '10.0.10.0/24' } }],
        ports: [10250, 9100, 10249, 10257, 10259, 2381, 6443, 9091].map((port) => ({ protocol: 'TCP', port })),
      }],
    });
  });

  test('Alertmanager takes loki, falcosidekick and cluster-healthcheck on 9093, HBONE only from the enrolled ones', () => {
    const alertmanager = { matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } };
    expect(policy('allow-loki-ingress').spec.podSelector).toEqual(alertmanager);
    expect(policy('allow-loki-ingress').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9093 }, { protocol: 'TCP', port: 15008 }]);
    expect(policy('allow-falcosidekick-ingress').spec).toEqual({
      podSelector: alertmanager,
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'falco' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'core' } },
        }],
        ports: [{ protocol: 'TCP', port: 9093 }],
      }],
    });
    expect(policy('allow-cluster-healthcheck-ingress').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9093 }, { protocol: 'TCP', port: 15008 }]);
  });

  test('the operator alone takes the API server on 10250; Alertmanager alone reaches SMTP on the internet', () => {
    expect(policy('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'kube-prometheus-stack-operator' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 10250 }] }],
    });
    expect(policy('allow-smtp-egress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
        ports: [{ protocol: 'TCP', port: 587 }, { protocol: 'TCP', port: 465 }],
      }],
    });
  });
});
