import { homelabApp, namespaceObjects } from '../support/synth';
import { meshPorts } from '../../../constructs';

const PROMETHEUS_PODS = { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } };

describe('default', () => {
  // GIVEN the default composition WHEN synthesized
  const objects = namespaceObjects('default');
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has its own rules as named policies', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-api-server-webhook-ingress', 'allow-ambient-health-probes-ingress',
      'allow-nodes-metrics-egress', 'allow-smtp-egress', 'allow-blackbox-internet-egress', 'allow-blackbox-lan-egress', 'allow-snmp-devices-egress',
      'allow-cluster-api-egress',
    ]));
  });

  test('Prometheus reaches every namespace whose prometheusScrapePorts it scrapes, on exactly those ports and pods (HBONE where both are enrolled)', () => {
    // The scrape is declared once, by the scraped namespace; Prometheus's side is written from it.
    const scrapes = homelabApp().protectedNamespaces.flatMap((namespace) => namespace.flows)
      .filter((flow) => flow.declaredAs === 'prometheusScrapePorts' && flow.to.namespace !== 'default');
    expect(scrapes.length).toBeGreaterThan(0);
    for (const scrape of scrapes) {
      const egress = policy(`allow-${scrape.to.namespace}-metrics-egress`);
      expect(egress).toBeDefined();
      expect(egress.spec.podSelector).toEqual(PROMETHEUS_PODS);
      expect(egress.spec.egress).toEqual([{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': scrape.to.namespace } },
          ...(scrape.to.labels === undefined ? {} : { podSelector: { matchLabels: scrape.to.labels } }),
        }],
        ports: meshPorts(scrape.ports, 'default', scrape.to.namespace).map((port) => ({ protocol: port.protocol, port: port.port })),
      }]);
    }
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
    expect(policy('allow-loki-to-alertmanager-ingress').spec.podSelector).toEqual(alertmanager);
    expect(policy('allow-loki-to-alertmanager-ingress').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9093 }, { protocol: 'TCP', port: 15008 }]);
    expect(policy('allow-falcosidekick-to-alertmanager-ingress').spec).toEqual({
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
    expect(policy('allow-cluster-healthcheck-to-alertmanager-ingress').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9093 }, { protocol: 'TCP', port: 15008 }]);
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
