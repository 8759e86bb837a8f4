import { namespaceObjects } from '../support/synth';

describe('zot', () => {
  // GIVEN the zot composition WHEN synthesized
  const objects = namespaceObjects('zot');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const REGISTRY_PORT = [{ protocol: 'TCP', port: 5000 }];

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has the scrape, three clients in and HTTPS out, and no API server', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape',
      'allow-ingress-nginx-ingress', 'allow-lifeonabike-build-ingress', 'allow-uptime-kuma-ingress',
      'allow-external-https-egress',
    ]));
    expect(byName('allow-cluster-api-egress')).toBeUndefined();
  });

  test('admits only the build pods of argo-workflows on 5000, without HBONE (zot is not in the mesh)', () => {
    expect(byName('allow-lifeonabike-build-ingress').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'argo-workflows' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'lifeonabike-build' } },
      }],
      ports: REGISTRY_PORT,
    }]);
    expect(byName('allow-prometheus-scrape').spec.ingress[0].ports).toEqual(REGISTRY_PORT);
  });

  test('no address block: the nodes\' pulls arrive through ingress-nginx, so 5000 is not opened to the LAN', () => {
    const names = objects.map((o) => o.metadata.name);
    expect(names.length).toBeGreaterThan(2);
    expect(objects.flatMap((o) => (o.spec.ingress ?? []).flatMap((rule: any) => rule.from ?? [])).filter((peer: any) => peer.ipBlock !== undefined)).toEqual([]);
  });
});
