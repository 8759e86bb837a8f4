import { namespaceObjects } from '../support/synth';

describe('cert-manager', () => {
  // GIVEN the cert-manager composition WHEN synthesized
  const objects = namespaceObjects('cert-manager');
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);
  const CONTROLLER = { matchLabels: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one named policy per intent', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-api-server-webhook-ingress',
      'allow-cloudflare-dns-egress', 'allow-google-dns-egress', 'allow-cluster-api-egress', 'allow-external-https-egress',
    ]));
  });

  test('Prometheus scrapes 9402 on every pod (controller, cainjector and webhook all serve it)', () => {
    expect(policy('allow-prometheus-scrape').spec.podSelector).toEqual({});
    expect(policy('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9402 }]);
  });

  test('the webhook pod alone takes 10250 from any source', () => {
    expect(policy('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/component': 'webhook' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 10250 }] }],
    });
  });

  test('only the controller reaches the internet on 443 and the DNS01 resolvers on 53', () => {
    expect(policy('allow-external-https-egress').spec.podSelector).toEqual(CONTROLLER);
    for (const [name, address] of [['allow-cloudflare-dns-egress', '1.1.1.1/32'], ['allow-google-dns-egress', '8.8.8.8/32']]) {
      expect(policy(name).spec).toEqual({
        podSelector: CONTROLLER,
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: address } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
      });
    }
  });

  test('every pod reaches the API server', () => {
    expect(policy('allow-cluster-api-egress').spec.podSelector).toEqual({});
  });
});
