import { Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Port, Protocol, bindPorts } from '../../constructs/port';

describe('Port', () => {
  test('tcp, udp and tcpRange bind to NetworkPolicy ports', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const bound = [Port.tcp(443), Port.udp(53), Port.tcpRange(30000, 32767)].map((port) => port.bind(chart));

    // THEN
    expect(bound.map((port) => k8s.toJson_NetworkPolicyPort(port))).toEqual([
      { protocol: 'TCP', port: 443 },
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 30000, endPort: 32767 },
    ]);
  });

  test('describes itself as protocol/port', () => {
    expect(Port.tcp(443).toString()).toBe('TCP/443');
    expect(Port.tcpRange(8000, 8080).toString()).toBe('TCP/8000-8080');
    expect(Port.udp(53).protocol).toBe(Protocol.UDP);
  });

  test.each([
    ['above 65535', Port.tcp(70000), 'Port 70000 is not a whole number from 1 to 65535. Use a port in that range.'],
    ['zero', Port.udp(0), 'Port 0 is not a whole number from 1 to 65535. Use a port in that range.'],
    ['a fraction', Port.tcp(53.5), 'Port 53.5 is not a whole number from 1 to 65535. Use a port in that range.'],
    ['an end above 65535', Port.tcpRange(8000, 65536), 'Port 65536 is not a whole number from 1 to 65535. Use a port in that range.'],
  ])('refuses a port %s, naming the construct path', (_case, port, message) => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => port.bind(chart)).toThrow(`[test] ${message}`);
  });

  test('refuses a range that ends below its start and suggests the swapped range', () => {
    // GIVEN
    const chart = Testing.chart();
    const backwards = Port.tcpRange(9000, 8000);

    // WHEN / THEN
    expect(() => backwards.bind(chart)).toThrow(
      '[test] Port range 9000-8000 ends below its start. Did you mean Port.tcpRange(8000, 9000)?');
  });
});

describe('bindPorts', () => {
  test('binds every port in order', () => {
    const chart = Testing.chart();
    expect(bindPorts(chart, [Port.udp(53), Port.tcp(53)]).map((port) => port.protocol)).toEqual(['UDP', 'TCP']);
  });

  test('refuses an empty list, which Kubernetes would read as every port', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => bindPorts(chart, [])).toThrow(
      '[test] No ports given; an empty list would allow every port. Give at least one, e.g. Port.tcp(8080).');
  });
});
