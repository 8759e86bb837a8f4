import { Chart, Testing } from 'cdk8s';
import { IcmpEgress } from '../../constructs/icmp-egress';
import { IpBlock } from '../../constructs/ip-block';

describe('IcmpEgress', () => {
  const chart = () => new Chart(Testing.app(), 'default', { namespace: 'default' });

  test('is a Calico NetworkPolicy in the namespace: ICMP to the given nets, for the selected pods, ordered before log-and-deny', () => {
    const scope = chart();
    new IcmpEgress(scope, 'Blackbox', { peerName: 'blackbox', appliesToPods: { app: 'blackbox-exporter' }, destinations: [IpBlock.host('10.0.1.1'), IpBlock.ipv4('10.0.2.0/24')] });
    const [policy] = Testing.synth(scope);
    expect(policy.apiVersion).toBe('projectcalico.org/v3');
    expect(policy.kind).toBe('NetworkPolicy');
    expect(policy.metadata).toMatchObject({ name: 'allow-blackbox-icmp-egress', namespace: 'default' });
    expect(policy.spec).toEqual({
      order: 900,
      selector: "app == 'blackbox-exporter'",
      types: ['Egress'],
      egress: [{ action: 'Allow', protocol: 'ICMP', destination: { nets: ['10.0.1.1/32', '10.0.2.0/24'] } }],
    });
  });

  test.each([[10_000], [0], [Number.NaN]])('refuses the order %p, which log-and-deny or nothing would precede', (order) => {
    expect(() => new IcmpEgress(chart(), 'Icmp', { peerName: 'x', appliesToPods: { app: 'x' }, destinations: [IpBlock.host('10.0.1.1')], order })).toThrow(
      `[default/Icmp] ICMP policy order ${order} is not a number between 0 and 10000 (both excluded)`);
  });

  test('refuses no destinations, which would match every address', () => {
    expect(() => new IcmpEgress(chart(), 'Icmp', { peerName: 'x', appliesToPods: { app: 'x' }, destinations: [] })).toThrow(
      '[default/Icmp] No ICMP destinations given; an empty list would write a rule with no nets, which matches every address.');
  });

  test('refuses a destination with except, which Calico would need as notNets', () => {
    expect(() => new IcmpEgress(chart(), 'Icmp', { peerName: 'x', appliesToPods: { app: 'x' }, destinations: [IpBlock.ipv4('10.0.0.0/8', ['10.96.0.0/12'])] })).toThrow(
      'ICMP destination 10.0.0.0/8 has except ["10.96.0.0/12"]');
  });

  test('refuses bad pod labels with the construct path', () => {
    expect(() => new IcmpEgress(chart(), 'Icmp', { peerName: 'x', appliesToPods: { 'bad key!': 'x' }, destinations: [IpBlock.host('10.0.1.1')] })).toThrow('[default/Icmp]');
  });
});
