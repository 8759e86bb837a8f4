import {
  ALL_CONNS,
  complementConns,
  formatConnSet,
  fromPortSet,
  icmpConns,
  intersectConns,
  NO_CONNS,
  portConns,
  protocolConns,
  subtractConns,
  toPortSet,
  unionConns,
} from '../../../netpol/analyzer/conn-set';
import { ALL_PORTS, formatPortSet, portRange } from '../../../netpol/analyzer/ports';

describe('ConnSet: the listing grammar extended with ICMP and other protocols', () => {
  it.each<[string, ReturnType<typeof unionConns>, string]>([
    ['everything', ALL_CONNS, 'All Connections'],
    ['nothing', NO_CONNS, 'No Connections'],
    ['every ICMP message', icmpConns(), 'ICMP'],
    ['one type, every code', icmpConns(3), 'ICMP 3'],
    ['a type and code', icmpConns(8, 0), 'ICMP 8/0'],
    ['types and codes in order', unionConns(unionConns(icmpConns(8, 0), icmpConns(0)), icmpConns(3, 4)), 'ICMP 0,3/4,8/0'],
    ['adjacent whole types merge', unionConns(icmpConns(3), icmpConns(4)), 'ICMP 3-4'],
    ['adjacent codes merge', unionConns(icmpConns(3, 1), icmpConns(3, 2)), 'ICMP 3/1-2'],
    ['another IP protocol', protocolConns(47), 'Protocol 47'],
    ['protocol numbers 1, 6, 17 and 132 are ICMP, TCP, UDP and SCTP', unionConns(protocolConns(1), protocolConns(6)), 'ICMP,TCP 1-65535'],
    ['groups sorted by name', unionConns(unionConns(portConns('UDP', 53), icmpConns(8, 0)), unionConns(protocolConns(50), portConns('TCP', 443))), 'ICMP 8/0,Protocol 50,TCP 443,UDP 53'],
    ['everything but ICMP', complementConns(icmpConns()), 'Protocol 0,2-5,7-16,18-131,133-255,SCTP 1-65535,TCP 1-65535,UDP 1-65535'],
    ['TCP minus one port', subtractConns(portConns('TCP'), portConns('TCP', 22)), 'TCP 1-21,23-65535'],
    ['ICMP minus echo request', subtractConns(icmpConns(8), icmpConns(8, 0)), 'ICMP 8/1-255'],
  ])('%s prints as %s', (_name, set, text) => {
    expect(formatConnSet(set)).toBe(text);
  });

  it('intersects, and turns Kubernetes port sets into connections and back', () => {
    expect(formatConnSet(intersectConns(portConns('TCP', 80, 90), portConns('TCP', 85, 100)))).toBe('TCP 85-90');
    expect(fromPortSet(ALL_PORTS)).toBe(ALL_CONNS);
    expect(formatConnSet(fromPortSet(portRange('UDP', 53)))).toBe('UDP 53');
    expect(formatPortSet(toPortSet(unionConns(portConns('TCP', 80), icmpConns())))).toBe('TCP 80');
    expect(unionConns(complementConns(portConns('SCTP', 9)), portConns('SCTP', 9))).toBe(ALL_CONNS);
  });
});
