import { appFacts, namespaceObjects } from '../support/synth';

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

  test('has default deny, DNS, the scrape, the webhook, the clients, the exempt backend, the hairpin and the API', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-api-server-webhook-ingress', 'allow-http-clients-ingress',
      'allow-pihole-egress', 'allow-ingress-nginx-egress', 'allow-cluster-api-egress',
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

  test('every Ingress backend a protected namespace declares is an egress rule of the controller, on exactly its pods and ports', () => {
    // The backends declare `ingressFrom: [{ from: INGRESS_NGINX, ... }]`; the controller's side is written from them.
    const backends = appFacts().protectedNamespaces.flatMap((namespace) => namespace.flows)
      .filter((flow) => flow.from.namespace === 'ingress-nginx' && flow.to.namespace !== 'ingress-nginx' && flow.declaredIn !== 'ingress-nginx');
    expect(backends.length).toBeGreaterThan(0);
    const rules = objects.filter((o) => o.spec.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'controller')
      .flatMap((o) => o.spec.egress ?? []);
    for (const backend of backends) {
      expect(rules).toContainEqual({
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': backend.to.namespace } },
          ...(backend.to.labels === undefined ? {} : { podSelector: { matchLabels: backend.to.labels } }),
        }],
        ports: backend.ports.map((port) => ({ protocol: port.protocol, port: port.port })),
      });
    }
  });
});
