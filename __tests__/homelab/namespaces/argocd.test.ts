import { namespaceObjects } from '../support/synth';
import { API_SERVER } from '../../../homelab/cluster';

describe('argocd', () => {
  // GIVEN the argocd composition WHEN synthesized
  const objects = namespaceObjects('argocd');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('while the API server endpoints are unknown, every pod keeps 6443 on any address outside the pod and Service CIDRs', () => {
    // API_SERVER.endpoints is empty in cluster.ts; ClusterApi's Service-IP rule alone would not reach the API under Calico.
    // Once the endpoints are filled in, ClusterApi admits them and the fallback must be gone.
    if (API_SERVER.endpoints.length > 0) {
      expect(byName('allow-api-server-unknown-endpoints-egress')).toBeUndefined();
      return;
    }
    expect(byName('allow-api-server-unknown-endpoints-egress').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['192.168.0.0/16', '10.96.0.0/12'] } }],
        ports: [{ protocol: 'TCP', port: 6443 }],
      }],
    });
  });

  test('only the repo-server reaches the internet on 22, and argocd\'s pods reach each other on every chart port', () => {
    expect(byName('allow-git-ssh-egress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'argocd-repo-server' } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
        ports: [{ protocol: 'TCP', port: 22 }],
      }],
    });
    const ports = [
      { protocol: 'TCP', port: 5556, endPort: 5558 }, { protocol: 'TCP', port: 6379 }, { protocol: 'TCP', port: 7000 },
      { protocol: 'TCP', port: 8080, endPort: 8084 }, { protocol: 'TCP', port: 9001 },
    ];
    const own = [{ podSelector: {} }];
    const within = byName('allow-within-namespace').spec;
    expect(within.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(within.ingress).toEqual([{ from: own, ports }]);
    expect(within.egress).toEqual([{ to: own, ports }]);
  });
});
