import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { uptimeKuma } from '../../../homelab/namespaces/uptime-kuma';

describe('uptime-kuma', () => {
  // GIVEN the uptime-kuma composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'uptime-kuma', uptimeKuma));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const APP = { matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has one egress policy per monitor target of the baseline, and nothing else', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape',
      'allow-ingress-nginx-ingress', 'allow-uptime-kuma-self-ingress',
      'allow-uptime-kuma-self-egress', 'allow-argo-workflows-server-egress', 'allow-argocd-server-egress',
      'allow-falcosidekick-ui-egress', 'allow-grafana-egress', 'allow-prometheus-egress', 'allow-localstack-egress',
      'allow-loki-egress', 'allow-tempo-egress', 'allow-zot-egress', 'allow-lifeonabike-web-egress',
      'allow-unifi-controller-egress', 'allow-unifi-protect-nvr-egress', 'allow-internet-http-egress',
      'allow-cluster-api-egress', 'allow-external-https-egress',
    ]);
  });

  test('lists exactly the monitored targets and ports (monitor-baseline-configmap.yaml)', () => {
    const targets = objects
      .filter((o) => o.metadata.name.endsWith('-egress') && o.metadata.name !== 'allow-dns-egress' && o.metadata.name !== 'allow-cluster-api-egress')
      .map((o) => {
        const [rule] = o.spec.egress;
        const [peer] = rule.to;
        const where = peer.ipBlock !== undefined
          ? peer.ipBlock.cidr
          : `${peer.namespaceSelector.matchLabels['kubernetes.io/metadata.name']}/${JSON.stringify(peer.podSelector.matchLabels)}`;
        return `${where} ${rule.ports.map((p: { port: number }) => p.port).join(',')}`;
      });
    expect(targets).toEqual([
      'uptime-kuma/{"app.kubernetes.io/name":"uptime-kuma"} 3001',
      'argo-workflows/{"app.kubernetes.io/name":"argo-workflows-server"} 2746',
      'argocd/{"app.kubernetes.io/name":"argocd-server"} 8080',
      'falco/{"app.kubernetes.io/component":"ui","app.kubernetes.io/name":"falcosidekick"} 2802',
      'default/{"app.kubernetes.io/name":"grafana"} 3000',
      'default/{"app.kubernetes.io/name":"prometheus"} 9090',
      'localstack/{"app":"localstack"} 4566',
      'loki/{"app.kubernetes.io/component":"single-binary","app.kubernetes.io/name":"loki"} 3100',
      'tempo/{"app.kubernetes.io/name":"tempo"} 3100',
      'zot/{"app.kubernetes.io/name":"zot"} 5000',
      'lifeonabike/{"app":"lifeonabike-web"} 8080',
      '10.0.1.1/32 443',
      '10.0.20.131/32 443',
      '0.0.0.0/0 80',
      '0.0.0.0/0 443',
    ]);
  });

  test('gives every monitor egress to the app pods only, never to the drift detector', () => {
    const monitorEgress = objects.filter((o) => o.metadata.name.endsWith('-egress')
      && !['allow-dns-egress', 'allow-cluster-api-egress'].includes(o.metadata.name));
    expect(monitorEgress.map((o) => o.spec.podSelector)).toEqual(monitorEgress.map(() => APP));
  });

  test('opens the API server to the drift detector only', () => {
    expect(byName('allow-cluster-api-egress').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma-monitor-drift' } });
  });

  test('admits ingress-nginx on the UI port 3001 to the app pods', () => {
    expect(byName('allow-ingress-nginx-ingress').spec).toEqual({
      podSelector: APP,
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 3001 }],
      }],
    });
  });
});
