import { namespaceObjects } from '../support/synth';

describe('gatekeeper-system', () => {
  // GIVEN the gatekeeper-system composition WHEN synthesized
  const objects = namespaceObjects('gatekeeper-system');
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);
  const WEBHOOK = { matchLabels: { 'control-plane': 'controller-manager' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one named policy per intent', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-api-server-webhook-ingress',
      'allow-gatekeeper-webhook-egress', 'allow-cluster-api-egress',
    ]));
  });

  test('Prometheus scrapes 8888 on every pod (controller-manager and audit both serve it)', () => {
    expect(policy('allow-prometheus-scrape').spec.podSelector).toEqual({});
    expect(policy('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8888 }]);
  });

  test('the controller-manager alone takes 8443 from any source', () => {
    expect(policy('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: WEBHOOK,
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 8443 }] }],
    });
  });

  test('every pod reaches the API server, none the internet', () => {
    expect(policy('allow-cluster-api-egress').spec.podSelector).toEqual({});
    expect(policy('allow-external-https-egress')).toBeUndefined();
  });
});
