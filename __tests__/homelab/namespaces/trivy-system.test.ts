import { namespaceObjects } from '../support/synth';

describe('trivy-system', () => {
  // GIVEN the trivy-system composition WHEN synthesized
  const objects = namespaceObjects('trivy-system');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has the seed\'s rules and the ambient probes as named policies', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-ambient-health-probes-ingress', 'allow-cluster-api-egress', 'allow-external-https-egress',
    ]));
  });

  test('Prometheus scrapes 8080, and HBONE 15008 as both namespaces are in the ambient mesh', () => {
    expect(byName('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 15008 }]);
  });

  test('admits istio-cni\'s probe address on every TCP port, the namespace being in the ambient mesh', () => {
    expect(byName('allow-ambient-health-probes-ingress').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }] }],
    });
  });
});
