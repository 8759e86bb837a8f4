import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressToIpBlock } from '../../constructs/egress-to-ip-block';
import { IpBlock } from '../../constructs/ip-block';
import { Port } from '../../constructs/port';
import { describeAppliesToPods } from './applies-to-pods';

describe('EgressToIpBlock', () => {
  test('reaches the addresses on the given ports', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new EgressToIpBlock(chart, 'UnifiControllerEgress', {
      peerName: 'unifi-controller', ipBlock: IpBlock.host('10.0.1.1'), ports: [Port.tcp(443), Port.tcp(8443)],
    });

    // THEN
    const [policy] = Testing.synth(chart);
    expect(policy.metadata.name).toBe('allow-unifi-controller-egress');
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ ipBlock: { cidr: '10.0.1.1/32' } }],
        ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 8443 }],
      }],
    });
  });

  test('a CIDR with host bits names the construct path and the network address', () => {
    // GIVEN
    const chart = Testing.chart();
    const velero = new Construct(chart, 'velero');

    // WHEN / THEN
    expect(() => new EgressToIpBlock(velero, 'NasEgress', { peerName: 'nas', ipBlock: IpBlock.ipv4('10.0.1.1/24'), ports: [Port.tcp(443)] }))
      .toThrow('[test/velero/NasEgress] CIDR "10.0.1.1/24" has host bits set. Did you mean "10.0.1.0/24"?');
  });
});

describeAppliesToPods('EgressToIpBlock', 'ResolverEgress', (scope, id, pods) => new EgressToIpBlock(scope, id, {
  peerName: 'cloudflare-dns', ipBlock: IpBlock.host('1.1.1.1'), ports: [Port.udp(53)], appliesToPods: pods,
}));
