import { namespaceObjects } from '../support/synth';

describe('argo-workflows', () => {
  // GIVEN the argo-workflows composition WHEN synthesized
  const objects = namespaceObjects('argo-workflows');
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every step pod may be probed by istio-cni on any TCP port', () => {
    expect(policy('allow-ambient-health-probes-ingress').spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }] },
    ]);
  });

  test('every pod reaches the API server and the internet on 443, never the LAN', () => {
    expect(policy('allow-cluster-api-egress').spec.podSelector).toEqual({});
    expect(policy('allow-external-https-egress').spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    }]);
  });
});
