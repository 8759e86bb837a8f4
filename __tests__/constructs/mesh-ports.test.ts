import { ISTIO_AMBIENT } from '../../homelab/cluster';
import { meshPorts } from '../../constructs/mesh-ports';
import { Port } from '../../constructs/port';

const ENROLLED = ['default', 'loki'];
const names = (ports: readonly Port[]) => ports.map((port) => port.toString());

describe('meshPorts', () => {
  test('adds HBONE 15008 after the application ports when both namespaces are enrolled', () => {
    expect(names(meshPorts([Port.tcp(3100), Port.tcp(9095)], 'loki', 'default', ENROLLED))).toEqual(['TCP/3100', 'TCP/9095', 'TCP/15008']);
  });

  test('adds it within one enrolled namespace (own and peer the same)', () => {
    expect(names(meshPorts([Port.tcp(7946)], 'loki', 'loki', ENROLLED))).toEqual(['TCP/7946', 'TCP/15008']);
  });

  test.each([
    ['the own namespace is not enrolled', 'velero', 'default'],
    ['the peer namespace is not enrolled', 'loki', 'ingress-nginx'],
    ['neither is enrolled', 'velero', 'ingress-nginx'],
  ])('leaves the ports as given when %s', (_case, own, peer) => {
    const ports = [Port.tcp(3100)];
    expect(meshPorts(ports, own, peer, ENROLLED)).toBe(ports);
  });

  test('adds no duplicate when 15008 is already given, alone or inside a range', () => {
    const given = [Port.tcp(9092), Port.tcp(15008)];
    expect(meshPorts(given, 'loki', 'default', ENROLLED)).toBe(given);
    const range = [Port.tcpRange(1, 65535)];
    expect(meshPorts(range, 'loki', 'default', ENROLLED)).toBe(range);
  });

  test('a UDP 15008 is not HBONE, so TCP 15008 is still added', () => {
    expect(names(meshPorts([Port.udp(15008)], 'loki', 'default', ENROLLED))).toEqual(['UDP/15008', 'TCP/15008']);
  });

  test('an empty list stays empty, so bindPorts refuses it instead of the rule opening 15008 alone', () => {
    expect(meshPorts([], 'loki', 'default', ENROLLED)).toEqual([]);
  });

  test('reads the cluster fact by default', () => {
    const [own, peer] = ISTIO_AMBIENT.enrolledNamespaces;
    expect(names(meshPorts([Port.tcp(8080)], own, peer))).toEqual(['TCP/8080', `TCP/${ISTIO_AMBIENT.hbonePort}`]);
    expect(names(meshPorts([Port.tcp(8080)], 'velero', peer))).toEqual(['TCP/8080']);
  });
});
