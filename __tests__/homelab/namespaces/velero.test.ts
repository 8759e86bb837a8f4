import { namespaceObjects } from '../support/synth';

describe('velero', () => {
  // GIVEN the velero composition WHEN synthesized
  const objects = namespaceObjects('velero');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has the seed\'s rules as named policies', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-localstack-egress', 'allow-cluster-api-egress',
      'allow-external-https-egress',
    ]));
  });

  test('Prometheus scrapes 8085', () => {
    expect(byName('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8085 }]);
  });

  test('reaches any pod in localstack on 4566', () => {
    expect(byName('allow-localstack-egress').spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'localstack' } } }],
      ports: [{ protocol: 'TCP', port: 4566 }],
    }]);
  });
});
