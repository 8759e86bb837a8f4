import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { zot } from '../../../homelab/namespaces/zot';

describe('zot', () => {
  // GIVEN the zot composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'zot', zot));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const REGISTRY_PORT = [{ protocol: 'TCP', port: 5000 }];

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has the scrape, three clients in and HTTPS out, and no API server', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape',
      'allow-ingress-nginx-ingress', 'allow-lifeonabike-build-ingress', 'allow-uptime-kuma-ingress',
      'allow-external-https-egress',
    ]);
    expect(byName('allow-cluster-api-egress')).toBeUndefined();
  });

  test('admits the nodes\' pulls only through ingress-nginx, on 5000, and no address block', () => {
    expect(byName('allow-ingress-nginx-ingress').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
      ports: REGISTRY_PORT,
    }]);
    const sources = objects.flatMap((o) => (o.spec.ingress ?? []).flatMap((rule: { from?: object[] }) => rule.from ?? []));
    expect(sources.filter((peer) => 'ipBlock' in peer)).toEqual([]);
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
});
