import { namespaceObjects } from '../support/synth';

describe('external-dns', () => {
  // GIVEN the external-dns composition WHEN synthesized
  const objects = namespaceObjects('external-dns');
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);
  const WEBHOOK = { 'app.kubernetes.io/name': 'external-dns-unifi-webhook' };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('the webhook reaches the UniFi gateway on 443; only the Cloudflare instance reaches the internet', () => {
    expect(policy('allow-unifi-controller-egress').spec.podSelector).toEqual({ matchLabels: WEBHOOK });
    expect(policy('allow-unifi-controller-egress').spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.1.1/32' } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
    expect(policy('allow-external-https-egress').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'external-dns', 'app.kubernetes.io/component': 'cloudflare' } });
  });

  test('Prometheus scrapes 7979 and the API is reached by the two external-dns instances, not the webhook', () => {
    expect(policy('allow-prometheus-scrape').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'external-dns' } });
    expect(policy('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 7979 }]);
    expect(policy('allow-cluster-api-egress').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'external-dns' } });
  });
});
