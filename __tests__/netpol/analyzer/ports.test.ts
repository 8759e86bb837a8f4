import { ALL_PORTS, contains, formatPortSet, intersect, isAll, isEmpty, NO_PORTS, portRange, samePorts, union, wholeProtocol } from '../../../netpol/analyzer/ports';

describe('port sets', () => {
  it.each([
    ['one port', portRange('TCP', 80), 'TCP 80'],
    ['a range', portRange('UDP', 1000, 2000), 'UDP 1000-2000'],
    ['adjacent ranges merge', union(portRange('TCP', 10053), portRange('TCP', 10054)), 'TCP 10053-10054'],
    ['overlapping ranges merge', union(portRange('TCP', 1, 10), portRange('TCP', 5, 20)), 'TCP 1-20'],
    ['gaps stay', union(portRange('TCP', 90), portRange('TCP', 80)), 'TCP 80,90'],
    ['protocols sort by name', union(union(portRange('UDP', 9090), portRange('TCP', 8080, 8081)), portRange('SCTP', 7070)), 'SCTP 7070,TCP 8080-8081,UDP 9090'],
    ['a whole protocol', wholeProtocol('TCP'), 'TCP 1-65535'],
    ['all three whole protocols', union(union(wholeProtocol('TCP'), wholeProtocol('UDP')), portRange('SCTP', 1, 65535)), 'All Connections'],
    ['intersection of ranges', intersect(portRange('TCP', 80, 90), union(portRange('TCP', 85, 100), portRange('UDP', 85))), 'TCP 85-90'],
    ['intersection with everything', intersect(ALL_PORTS, portRange('TCP', 443)), 'TCP 443'],
    ['empty intersection', intersect(portRange('TCP', 80), portRange('UDP', 80)), 'No Connections'],
  ])('%s', (_name, set, text) => {
    expect(formatPortSet(set)).toBe(text);
  });

  it('normalises complete and empty sets to the shared instances', () => {
    expect(union(union(wholeProtocol('TCP'), wholeProtocol('UDP')), wholeProtocol('SCTP'))).toBe(ALL_PORTS);
    expect(intersect(portRange('TCP', 1), portRange('TCP', 2))).toBe(NO_PORTS);
    expect([isAll(ALL_PORTS), isEmpty(NO_PORTS), isEmpty(portRange('TCP', 1))]).toEqual([true, true, false]);
  });

  it.each([
    [80, 'TCP', true],
    [81, 'TCP', false],
    [80, 'UDP', false],
    [8005, 'TCP', true],
  ] as const)('contains %s/%s: %s', (port, protocol, expected) => {
    expect(contains(union(portRange('TCP', 80), portRange('TCP', 8000, 8010)), protocol, port)).toBe(expected);
  });

  it.each([
    ['the same ranges built differently', union(portRange('TCP', 80, 85), portRange('TCP', 86, 90)), portRange('TCP', 80, 90), true],
    ['all ports, however reached', union(union(wholeProtocol('TCP'), wholeProtocol('UDP')), wholeProtocol('SCTP')), ALL_PORTS, true],
    ['another protocol', portRange('TCP', 53), portRange('UDP', 53), false],
    ['a subset', portRange('TCP', 80), portRange('TCP', 80, 81), false],
    ['one range against two', portRange('TCP', 80, 90), union(portRange('TCP', 80), portRange('TCP', 82, 90)), false],
    ['nothing against something', NO_PORTS, portRange('SCTP', 1), false],
  ])('samePorts: %s', (_name, a, b, expected) => {
    expect([samePorts(a, b), samePorts(b, a)]).toEqual([expected, expected]);
  });
});
