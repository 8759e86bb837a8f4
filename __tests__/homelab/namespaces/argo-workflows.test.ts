import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { argoWorkflows } from '../../../homelab/namespaces/argo-workflows';

describe('argo-workflows', () => {
  // GIVEN the argo-workflows composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'argo-workflows', argoWorkflows));
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one named policy per intent', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-ambient-health-probes-ingress', 'allow-ingress-nginx-ingress',
      'allow-uptime-kuma-ingress', 'allow-alertmanager-egress', 'allow-registry-egress', 'allow-zot-egress', 'allow-localstack-egress',
      'allow-cluster-api-egress', 'allow-external-https-egress',
    ]);
  });

  test('only argo-server takes ingress-nginx, on 2746 (no HBONE: ingress-nginx is not in the mesh), and only the controller takes Prometheus, on 9090 and HBONE 15008', () => {
    expect(policy('allow-ingress-nginx-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'argo-workflows-server' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 2746 }] }],
    });
    expect(policy('allow-prometheus-scrape').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'argo-workflows-workflow-controller' } });
    expect(policy('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9090 }, { protocol: 'TCP', port: 15008 }]);
  });

  test('admits Uptime Kuma\'s "Argo Workflows" monitor on argo-server\'s 2746 only, without HBONE (uptime-kuma is outside the mesh)', () => {
    expect(policy('allow-uptime-kuma-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'argo-workflows-server' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'uptime-kuma' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma' } },
      }], ports: [{ protocol: 'TCP', port: 2746 }] }],
    });
  });

  test('the build alone reaches zot on 5000 (its in-cluster push), without HBONE: zot is not in the mesh', () => {
    expect(policy('allow-zot-egress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'lifeonabike-build' } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'zot' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'zot' } },
        }],
        ports: [{ protocol: 'TCP', port: 5000 }],
      }],
    });
  });

  test('the build alone reaches the ingress-nginx controller pods on 443 (registry.k8s.n37.ca)', () => {
    expect(policy('allow-registry-egress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'lifeonabike-build' } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
        }],
        ports: [{ protocol: 'TCP', port: 443 }],
      }],
    });
  });

  test('cluster-healthcheck reaches Alertmanager and the setup Job localstack, each also on HBONE 15008 as all three namespaces are enrolled', () => {
    expect(policy('allow-alertmanager-egress').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'cluster-healthcheck' } });
    expect(policy('allow-alertmanager-egress').spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 9093 }, { protocol: 'TCP', port: 15008 }]);
    expect(policy('allow-localstack-egress').spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 4566 }, { protocol: 'TCP', port: 15008 }]);
  });

  test('every step pod may be probed by istio-cni on any TCP port', () => {
    expect(policy('allow-ambient-health-probes-ingress').spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }] },
    ]);
  });

  test('every pod reaches the API server and the internet on 443, never the LAN', () => {
    expect(policy('allow-cluster-api-egress').spec.podSelector).toEqual({});
    expect(policy('allow-external-https-egress').spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    }]);
  });
});
