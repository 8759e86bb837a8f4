import { namespaceObjects } from '../support/synth';
import { PROTECTED_NAMESPACES } from '../../../homelab/namespaces';
import { ingressNginx, PROTECTED_BACKENDS } from '../../../homelab/namespaces/ingress-nginx';

describe('ingress-nginx', () => {
  // GIVEN the ingress-nginx composition WHEN synthesized
  const objects = namespaceObjects('ingress-nginx');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const CONTROLLER = {
    matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
  };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has default deny, DNS, the scrape, the webhook, the clients, one egress per Ingress backend, the hairpin and the API', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-api-server-webhook-ingress', 'allow-http-clients-ingress',
      'allow-localstack-egress', 'allow-oauth2-proxy-egress', 'allow-lifeonabike-egress', 'allow-falco-egress', 'allow-argo-events-egress',
      'allow-argo-workflows-egress', 'allow-flink-demo-egress', 'allow-argocd-egress',
      'allow-uptime-kuma-egress', 'allow-zot-egress', 'allow-grafana-egress', 'allow-pihole-egress', 'allow-ingress-nginx-hairpin-egress',
      'allow-api-server-unknown-endpoints-egress', 'allow-cluster-api-egress',
    ]));
  });

  test('the controller takes 80 and 443 from every source, and the webhook on 8443', () => {
    expect(byName('allow-http-clients-ingress').spec).toEqual({
      podSelector: CONTROLLER,
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 443 }] }],
    });
    expect(byName('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: CONTROLLER,
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 8443 }] }],
    });
  });

  test('the controller reaches Grafana on 3000 only, in default', () => {
    expect(byName('allow-grafana-egress').spec).toEqual({
      podSelector: CONTROLLER,
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } },
        }],
        ports: [{ protocol: 'TCP', port: 3000 }],
      }],
    });
  });

  test('every protected namespace that admits ingress-nginx is one of its backends, on exactly those ports and pods, and no other', () => {
    // What the namespaces' own files admit from ingress-nginx (the namespace as a whole, not one of its pods).
    const admitted = Object.entries(PROTECTED_NAMESPACES)
      .flatMap(([namespace, props]) => (props.ingressFrom ?? [])
        .filter((rule) => rule.namespace === 'ingress-nginx' && rule.podLabels === undefined)
        .map((rule) => ({ namespace, pods: rule.appliesToPods ?? {}, ports: rule.ports.map((port) => port.toString()) })));
    const backends = PROTECTED_BACKENDS.map((backend) => ({
      namespace: backend.namespace, pods: backend.podLabels ?? {}, ports: backend.ports.map((port) => port.toString()),
    }));
    const byNamespace = (a: { namespace: string }, b: { namespace: string }) => a.namespace.localeCompare(b.namespace);
    expect(admitted.length).toBeGreaterThan(0);
    expect([...backends].sort(byNamespace)).toEqual([...admitted].sort(byNamespace));
  });
});
