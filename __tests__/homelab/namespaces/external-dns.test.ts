import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { externalDns } from '../../../homelab/namespaces/external-dns';

describe('external-dns', () => {
  // GIVEN the external-dns composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'external-dns', externalDns));
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);
  const UNIFI = { 'app.kubernetes.io/name': 'external-dns', 'app.kubernetes.io/component': 'unifi' };
  const WEBHOOK = { 'app.kubernetes.io/name': 'external-dns-unifi-webhook' };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one named policy per intent', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-external-dns-unifi-ingress', 'allow-unifi-webhook-egress',
      'allow-unifi-controller-egress', 'allow-cluster-api-egress', 'allow-external-https-egress',
    ]);
  });

  test('external-dns-unifi calls the webhook Deployment on 8888: egress on the sender, ingress on the receiver', () => {
    expect(policy('allow-unifi-webhook-egress').spec).toEqual({
      podSelector: { matchLabels: UNIFI },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'external-dns' } }, podSelector: { matchLabels: WEBHOOK } }],
        ports: [{ protocol: 'TCP', port: 8888 }],
      }],
    });
    expect(policy('allow-external-dns-unifi-ingress').spec).toEqual({
      podSelector: { matchLabels: WEBHOOK },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'external-dns' } }, podSelector: { matchLabels: UNIFI } }],
        ports: [{ protocol: 'TCP', port: 8888 }],
      }],
    });
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
