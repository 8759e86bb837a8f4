import { formatInterval, intervalInside, mergeIntervals, parseCidr, parseIpv4, splitIntoAtoms, strictlyInside, subtractIntervals } from '../../../netpol/analyzer/ip-blocks';

const range = (from: string, to: string) => ({ start: parseIpv4(from)!, end: parseIpv4(to)! });
const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (!('family' in parsed) || parsed.family !== 'ipv4') throw new Error(`not an IPv4 CIDR: ${text}`);
  return parsed.interval;
};
const atoms = (...intervals: { start: number; end: number }[][]) => splitIntoAtoms(intervals.flat()).map(formatInterval);

describe('CIDRs', () => {
  it.each([
    ['10.1.0.0/16', '10.0.0.0/8', true],
    ['10.0.0.0/8', '10.0.0.0/8', false],
    ['11.0.0.0/16', '10.0.0.0/8', false],
    ['2001:db8:1::/48', '2001:db8::/32', true],
    ['2001:db8::/32', '2001:db8::/32', false],
    ['2001:db9::/48', '2001:db8::/32', false],
    ['10.0.0.0/8', '::/0', false],
  ])('strictlyInside(%s, %s) is %s', (inner, outer, expected) => {
    expect(strictlyInside(inner, outer)).toBe(expected);
  });

  it.each([
    ['10.0.0.0/8', '10.0.0.0-10.255.255.255'],
    ['0.0.0.0/0', '0.0.0.0-255.255.255.255'],
    ['49.50.0.0/32', '49.50.0.0-49.50.0.0'],
  ])('%s covers %s', (text, expected) => {
    expect(formatInterval(cidr(text))).toBe(expected);
  });

  it.each([
    ['A', { problem: 'expected an address and a prefix length such as "10.0.0.0/8"' }],
    ['10.0.1.1/33', { problem: 'the prefix length "33" must be a number from 0 to 32' }],
    ['10.0.1.1/24', { problem: 'host bits are set (the address is not the first one of its block)', suggestion: '10.0.1.0/24' }],
    ['10.0.1.1', { problem: 'the mask is missing', suggestion: '10.0.1.1/32' }],
    ['fd00::/8', { family: 'ipv6' }],
  ])('parseCidr(%s)', (text, expected) => {
    expect(parseCidr(text)).toEqual(expected);
  });
});

describe('external atoms', () => {
  it('with no ipBlock, the whole space is one atom', () => {
    expect(atoms()).toEqual(['0.0.0.0-255.255.255.255']);
  });

  it('excepts cut holes, and gaps become atoms of their own', () => {
    const block = subtractIntervals(cidr('0.0.0.0/0'), [cidr('10.0.0.0/8'), cidr('172.21.0.0/16')]);
    expect(atoms(block)).toEqual(['0.0.0.0-9.255.255.255', '10.0.0.0-10.255.255.255', '11.0.0.0-172.20.255.255', '172.21.0.0-172.21.255.255', '172.22.0.0-255.255.255.255']);
  });

  it('adjacent excepts of one ipBlock merge into one atom', () => {
    const split = subtractIntervals(cidr('0.0.0.0/0'), [cidr('10.0.0.0/9'), cidr('10.128.0.0/9')]);
    expect(atoms(split)).toContain('10.0.0.0-10.255.255.255');
  });

  it('separately listed adjacent CIDRs keep their own atoms', () => {
    expect(atoms([cidr('10.0.0.0/9')], [cidr('10.128.0.0/9')])).toEqual(['0.0.0.0-9.255.255.255', '10.0.0.0-10.127.255.255', '10.128.0.0-10.255.255.255', '11.0.0.0-255.255.255.255']);
  });

  it('an atom matches a block only when wholly inside it', () => {
    const block = mergeIntervals(subtractIntervals(cidr('10.0.0.0/8'), [cidr('10.1.0.0/16')]));
    expect([intervalInside(range('10.2.0.0', '10.255.255.255'), block), intervalInside(range('10.1.0.0', '10.1.255.255'), block), intervalInside(range('9.0.0.0', '10.0.0.5'), block)]).toEqual([true, false, false]);
  });
});

describe('parseCidr({ sloppy: true }), as the API server reads an ipBlock (ParseCIDRSloppy)', () => {
  it.each([
    ['10.1.2.3/8', { family: 'ipv4', interval: { start: 0x0a000000, end: 0x0affffff }, prefixLength: 8, network: '10.0.0.0/8' }],
    ['10.0.0.0/8', { family: 'ipv4', interval: { start: 0x0a000000, end: 0x0affffff }, prefixLength: 8 }],
    ['2001:db8::1/64', { family: 'ipv6', network: '2001:db8::/64' }],
    ['fe80::1%eth0/64', { problem: 'an IPv6 zone ("%eth0") has no place in a CIDR', suggestion: 'fe80::1/64' }],
  ])('%s', (text, parsed) => {
    expect(parseCidr(text, { sloppy: true })).toEqual(parsed);
  });

  it('keeps refusing host bits when strict (command-line options)', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ problem: 'host bits are set (the address is not the first one of its block)', suggestion: '10.0.0.0/8' });
  });
});
