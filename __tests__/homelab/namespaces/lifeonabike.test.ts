import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { lifeonabike } from '../../../homelab/namespaces/lifeonabike';

describe('lifeonabike', () => {
  // GIVEN the lifeonabike composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'lifeonabike', lifeonabike));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const inLifeonabike = (labels: Record<string, string>) => ({
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'lifeonabike' } },
    podSelector: { matchLabels: labels },
  });

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has default deny, DNS, the three ways in to web and cloudflared\'s three ways out, and no scrape', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-ingress-nginx-ingress', 'allow-cloudflared-ingress', 'allow-uptime-kuma-ingress',
      'allow-web-egress', 'allow-argo-events-webhook-egress', 'allow-cloudflare-tunnel-egress',
    ]);
  });

  test('web takes 8080 from ingress-nginx, the cloudflared pods and Uptime Kuma\'s monitors, and nothing else', () => {
    expect(byName('allow-uptime-kuma-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'lifeonabike-web' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'uptime-kuma' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma' } },
        }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
    expect(byName('allow-ingress-nginx-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'lifeonabike-web' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    expect(byName('allow-cloudflared-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'lifeonabike-web' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [inLifeonabike({ app: 'cloudflared' })], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
  });

  test('only cloudflared goes out: to web, to the EventSource on 12000 and to the internet on 7844 only', () => {
    const cloudflared = { matchLabels: { app: 'cloudflared' } };
    expect(byName('allow-web-egress').spec).toEqual({
      podSelector: cloudflared,
      policyTypes: ['Egress'],
      egress: [{ to: [inLifeonabike({ app: 'lifeonabike-web' })], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    expect(byName('allow-argo-events-webhook-egress').spec).toEqual({
      podSelector: cloudflared,
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'argo-events' } },
          podSelector: { matchLabels: { 'eventsource-name': 'lifeonabike-github' } },
        }],
        ports: [{ protocol: 'TCP', port: 12000 }],
      }],
    });
    expect(byName('allow-cloudflare-tunnel-egress').spec).toEqual({
      podSelector: cloudflared,
      policyTypes: ['Egress'],
      egress: [{
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
        ports: [{ protocol: 'UDP', port: 7844 }, { protocol: 'TCP', port: 7844 }],
      }],
    });
  });
});
