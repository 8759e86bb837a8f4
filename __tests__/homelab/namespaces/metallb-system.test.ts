import { namespaceObjects } from '../support/synth';

describe('metallb-system', () => {
  // GIVEN the metallb-system composition WHEN synthesized
  const objects = namespaceObjects('metallb-system');
  const CONTROLLER = { matchLabels: { 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'controller' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one named policy per intent', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-api-server-webhook-ingress', 'allow-cluster-api-egress',
    ]));
  });

  test('every allow policy but DNS applies to the controller only, so none but those two selects the hostNetwork speaker', () => {
    expect(Object.fromEntries(objects.map((o) => [o.metadata.name, o.spec.podSelector]))).toEqual({
      'default-deny': {},
      'allow-dns-egress': {},
      'allow-prometheus-scrape': CONTROLLER,
      'allow-api-server-webhook-ingress': CONTROLLER,
      'allow-cluster-api-egress': CONTROLLER,
    });
  });

  test('the controller takes 7472 from Prometheus and 9443 (the webhook) from any source', () => {
    const byName = (name: string) => objects.find((o) => o.metadata.name === name);
    expect(byName('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 7472 }]);
    expect(byName('allow-api-server-webhook-ingress').spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 9443 }] }]);
  });
});
