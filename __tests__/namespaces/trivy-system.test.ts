import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../constructs';
import { trivySystem } from '../../namespaces/trivy-system';

describe('trivy-system', () => {
  // GIVEN the trivy-system composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'trivy-system', trivySystem));

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has the seed\'s rules as named policies', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-cluster-api-egress', 'allow-external-https-egress',
    ]);
  });

  test('Prometheus scrapes 8080', () => {
    expect(objects.find((o) => o.metadata.name === 'allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
  });
});
