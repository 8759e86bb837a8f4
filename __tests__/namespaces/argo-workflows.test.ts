import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../constructs';
import { argoWorkflows } from '../../namespaces/argo-workflows';

describe('argo-workflows', () => {
  // GIVEN the argo-workflows composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'argo-workflows', argoWorkflows));
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one named policy per intent', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-ingress-nginx-ingress',
      'allow-alertmanager-egress', 'allow-registry-egress', 'allow-localstack-egress',
      'allow-cluster-api-egress', 'allow-external-https-egress',
    ]);
  });

  test('only argo-server takes ingress-nginx, on 2746, and only the controller takes Prometheus, on 9090', () => {
    expect(policy('allow-ingress-nginx-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'argo-workflows-server' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 2746 }] }],
    });
    expect(policy('allow-prometheus-scrape').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'argo-workflows-workflow-controller' } });
    expect(policy('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9090 }]);
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

  test('every pod reaches the API server and the internet on 443, never the LAN', () => {
    expect(policy('allow-cluster-api-egress').spec.podSelector).toEqual({});
    expect(policy('allow-external-https-egress').spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    }]);
  });
});
