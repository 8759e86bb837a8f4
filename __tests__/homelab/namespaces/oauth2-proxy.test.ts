import { namespaceObjects } from '../support/synth';

describe('oauth2-proxy', () => {
  // GIVEN the oauth2-proxy composition WHEN synthesized
  const objects = namespaceObjects('oauth2-proxy');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has default deny, DNS, the scrape, ingress-nginx and HTTPS out, and nothing else', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual(expect.arrayContaining([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-ingress-nginx-ingress', 'allow-external-https-egress',
    ]));
  });

  test('admits only the Prometheus pods of default, on the metrics port 44180', () => {
    expect(byName('allow-prometheus-scrape').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      }],
      ports: [{ protocol: 'TCP', port: 44180 }],
    }]);
  });

  test('reaches the internet on 443 only, never the LAN or the cluster, and not the API server', () => {
    expect(byName('allow-external-https-egress').spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    }]);
    expect(byName('allow-cluster-api-egress')).toBeUndefined();
  });
});
