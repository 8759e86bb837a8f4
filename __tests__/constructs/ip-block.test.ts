import { Testing } from 'cdk8s';
import { IpBlock } from '../../constructs/ip-block';

describe('IpBlock', () => {
  test('host writes a /32', () => {
    expect(IpBlock.host('10.0.1.1').bind(Testing.chart())).toEqual({ cidr: '10.0.1.1/32' });
  });

  test('ipv4 keeps except ranges that lie strictly inside the CIDR', () => {
    // GIVEN
    const block = IpBlock.ipv4('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);

    // WHEN
    const bound = block.bind(Testing.chart());

    // THEN
    expect(bound).toEqual({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] });
  });

  test.each([
    ['a prefix above 32', IpBlock.ipv4('10.0.1.1/33'),
      'CIDR "10.0.1.1/33" has prefix length 33; IPv4 allows 0 to 32. Did you mean "10.0.1.1/32"?'],
    ['an octet above 255', IpBlock.ipv4('10.0.1.300/32'),
      'CIDR "10.0.1.300/32" does not start with an IPv4 address (four numbers 0-255, no leading zeros). Fix the address.'],
    ['an octet with a leading zero', IpBlock.host('010.0.1.1'),
      'CIDR "010.0.1.1/32" does not start with an IPv4 address (four numbers 0-255, no leading zeros). Fix the address.'],
    ['host bits set', IpBlock.ipv4('10.0.1.1/24'),
      'CIDR "10.0.1.1/24" has host bits set. Did you mean "10.0.1.0/24"?'],
    ['no prefix length', IpBlock.ipv4('10.0.1.1'),
      'CIDR "10.0.1.1" is not of the form address/prefix-length. Did you mean "10.0.1.1/32"?'],
    ['an except outside the CIDR', IpBlock.ipv4('10.0.0.0/8', ['192.168.0.0/16']),
      'Except "192.168.0.0/16" is not strictly inside CIDR "10.0.0.0/8". Remove it or use a narrower range inside "10.0.0.0/8".'],
    ['an except equal to the CIDR', IpBlock.ipv4('10.0.0.0/8', ['10.0.0.0/8']),
      'Except "10.0.0.0/8" is not strictly inside CIDR "10.0.0.0/8". Remove it or use a narrower range inside "10.0.0.0/8".'],
    ['an invalid except', IpBlock.ipv4('10.0.0.0/8', ['10.1.0.1/16']),
      'CIDR "10.1.0.1/16" has host bits set. Did you mean "10.1.0.0/16"?'],
  ])('refuses %s, naming the construct path and the fix', (_case, block, message) => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => block.bind(chart)).toThrow(`[test] ${message}`);
  });
});
