import { namespaceObjects } from '../support/synth';

describe('unipoller', () => {
  // GIVEN the unipoller composition WHEN synthesized
  const objects = namespaceObjects('unipoller');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has exactly the seed\'s rules and the ambient probes as named policies', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-ambient-health-probes-ingress', 'allow-unifi-controller-egress',
    ]));
  });

  test('Prometheus scrapes 9130, and HBONE 15008 as both namespaces are in the ambient mesh', () => {
    expect(byName('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9130 }, { protocol: 'TCP', port: 15008 }]);
  });

  test('admits istio-cni\'s probe address on every TCP port, the namespace being in the ambient mesh', () => {
    expect(byName('allow-ambient-health-probes-ingress').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }] }],
    });
  });

  test('reaches the UniFi controller 10.0.1.1 on 443 and 8443 only', () => {
    expect(byName('allow-unifi-controller-egress').spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '10.0.1.1/32' } }],
      ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 8443 }],
    }]);
  });
});
