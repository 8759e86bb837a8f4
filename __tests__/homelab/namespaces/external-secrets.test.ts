import { namespaceObjects } from '../support/synth';

describe('external-secrets', () => {
  // GIVEN the external-secrets composition WHEN synthesized
  const objects = namespaceObjects('external-secrets');
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has default deny, DNS, the scrape, the webhook and the API server, and nothing else', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-api-server-webhook-ingress', 'allow-cluster-api-egress',
    ]));
  });

  test('Prometheus pods scrape 8080 on every pod (controller, webhook and cert-controller all serve it)', () => {
    expect(policy('allow-prometheus-scrape').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
  });

  test('the webhook pod alone takes 10250 from any source', () => {
    expect(policy('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'external-secrets-webhook' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 10250 }] }],
    });
  });

  test('every pod reaches the API server, and nothing reaches the internet (the one store is the Kubernetes provider)', () => {
    expect(policy('allow-cluster-api-egress').spec.podSelector).toEqual({});
    expect(policy('allow-external-https-egress')).toBeUndefined();
  });
});
