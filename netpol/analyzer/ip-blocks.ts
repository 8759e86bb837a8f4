import type * as Ipaddr from 'ipaddr.js';

let ipaddrModule: typeof Ipaddr | undefined;
/** ipaddr.js, loaded for IPv6 text only (IPv4 is parsed here; most inputs have no IPv6 block). */
function ipv6(): typeof Ipaddr.IPv6 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (ipaddrModule ??= require('ipaddr.js') as typeof Ipaddr).IPv6;
}
import type { IpInterval } from './types';

const IPV4_SPACE_END = 2 ** 32 - 1;

/** The whole IPv4 space as one interval. */
export const IPV4_SPACE: IpInterval = Object.freeze({ start: 0, end: IPV4_SPACE_END });

export type ParsedCidr =
  | { readonly family: 'ipv4'; readonly interval: IpInterval; readonly prefixLength: number; readonly network?: string }
  | { readonly family: 'ipv6'; readonly network?: string };

/** A CIDR problem: what is wrong and, when one is obvious, the corrected CIDR. */
export interface CidrProblem {
  readonly problem: string;
  readonly suggestion?: string;
}

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted IPv4 address (no shorthand forms) into an unsigned 32-bit number. */
export function parseIpv4(text: string): number | undefined {
  const match = DOTTED_QUAD.exec(text);
  if (match === null) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/**
 * Whether the CIDR `inner` is a strictly smaller block inside the CIDR `outer` (the API server's rule
 * for an except). Both must be valid CIDRs as `parseCidr` accepts them.
 */
export function strictlyInside(inner: string, outer: string): boolean {
  // As ValidateIPBlock compares them: each block as ParseCIDRSloppy reads it, host bits dropped.
  const a = parseCidr(inner, { sloppy: true });
  const b = parseCidr(outer, { sloppy: true });
  if (isCidrProblem(a) || isCidrProblem(b)) return false;
  if (a.family === 'ipv4' && b.family === 'ipv4') {
    return a.prefixLength > b.prefixLength && a.interval.start >= b.interval.start && a.interval.end <= b.interval.end;
  }
  if (a.family === 'ipv6' && b.family === 'ipv6') {
    const [innerAddress, innerLength] = ipv6().parseCIDR(a.network ?? inner);
    const [outerAddress, outerLength] = ipv6().parseCIDR(b.network ?? outer);
    return innerLength > outerLength && innerAddress.match(outerAddress, outerLength);
  }
  return false;
}

/**
 * Parses a CIDR. Strictly by default: host bits must be zero (command-line options, where a typo is
 * better refused). `sloppy`: as the API server reads a NetworkPolicy's ipBlock (ParseCIDRSloppy, which
 * is Go's net.ParseCIDR with leading zeros allowed): host bits are dropped, as the cluster drops them,
 * and `network` is the block actually meant (`10.1.2.3/8` is `10.0.0.0/8`). Either way an IPv6 zone
 * (`fe80::1%eth0/64`) is refused, as net.ParseCIDR refuses it.
 */
export function parseCidr(text: string, options: { sloppy?: boolean } = {}): ParsedCidr | CidrProblem {
  if (text.includes('%')) {
    const zone = /%[^/]*/.exec(text)?.[0] ?? '%';
    return { problem: `an IPv6 zone ("${zone}") has no place in a CIDR`, suggestion: text.replace(/%[^/]*/, '') };
  }
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (parseIpv4(text) !== undefined) {
      return { problem: 'the mask is missing', suggestion: `${text}/32` };
    }
    if (ipv6().isValid(text)) return { problem: 'the mask is missing', suggestion: `${text}/128` };
    return { problem: 'expected an address and a prefix length such as "10.0.0.0/8"' };
  }
  const address = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  const ipv4 = parseIpv4(address);
  if (ipv4 !== undefined) {
    const prefixLength = /^\d{1,2}$/.test(lengthText) ? Number(lengthText) : NaN;
    if (!(prefixLength >= 0 && prefixLength <= 32)) {
      return { problem: `the prefix length "${lengthText}" must be a number from 0 to 32` };
    }
    const size = 2 ** (32 - prefixLength);
    const start = ipv4 - (ipv4 % size);
    if (start !== ipv4) {
      const network = `${formatIpv4(start)}/${prefixLength}`;
      if (options.sloppy) return { family: 'ipv4', interval: { start, end: start + size - 1 }, prefixLength, network };
      return { problem: 'host bits are set (the address is not the first one of its block)', suggestion: network };
    }
    return { family: 'ipv4', interval: { start, end: start + size - 1 }, prefixLength };
  }
  if (ipv6().isValid(address) && /^\d{1,3}$/.test(lengthText) && Number(lengthText) <= 128) {
    const [parsed, prefixLength] = ipv6().parseCIDR(text);
    const network = ipv6().networkAddressFromCIDR(text);
    if (network.toString() !== parsed.toString()) {
      if (options.sloppy) return { family: 'ipv6', network: `${network.toString()}/${prefixLength}` };
      return { problem: 'host bits are set (the address is not the first one of its block)', suggestion: `${network.toString()}/${prefixLength}` };
    }
    return { family: 'ipv6' };
  }
  return { problem: 'expected an address and a prefix length such as "10.0.0.0/8"' };
}

export function isCidrProblem(parsed: ParsedCidr | CidrProblem): parsed is CidrProblem {
  return 'problem' in parsed;
}

/** Sorts intervals and merges overlapping and adjacent ones. */
export function mergeIntervals(intervals: readonly IpInterval[]): IpInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const result: IpInterval[] = [];
  for (const interval of sorted) {
    const last = result[result.length - 1];
    if (last !== undefined && interval.start <= last.end + 1) {
      if (interval.end > last.end) result[result.length - 1] = { start: last.start, end: interval.end };
    } else {
      result.push(interval);
    }
  }
  return result;
}

/** `block` minus every interval of `holes`, as sorted maximal intervals. */
export function subtractIntervals(block: IpInterval, holes: readonly IpInterval[]): IpInterval[] {
  const result: IpInterval[] = [];
  let next = block.start;
  for (const hole of mergeIntervals(holes)) {
    if (hole.end < next || hole.start > block.end) continue;
    if (hole.start > next) result.push({ start: next, end: hole.start - 1 });
    next = hole.end + 1;
  }
  if (next <= block.end) result.push({ start: next, end: block.end });
  return result;
}

/**
 * Splits IPv4 space at the edges of every interval, as np-guard does: each interval contributes its
 * start and end+1 as boundaries, and each pair of consecutive boundaries is one atom. Intervals given
 * separately keep their own atoms even when adjacent, which is why callers pass each ipBlock's own
 * merged intervals rather than one merged set.
 */
export function splitIntoAtoms(intervals: Iterable<IpInterval>): IpInterval[] {
  const boundaries = new Set<number>([0, IPV4_SPACE_END + 1]);
  for (const interval of intervals) {
    boundaries.add(interval.start);
    boundaries.add(interval.end + 1);
  }
  const sorted = [...boundaries].sort((a, b) => a - b);
  const atoms: IpInterval[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) atoms.push({ start: sorted[i], end: sorted[i + 1] - 1 });
  return atoms;
}

/** Whether `inner` lies entirely inside one of `intervals` (sorted and merged). */
export function intervalInside(inner: IpInterval, intervals: readonly IpInterval[]): boolean {
  for (const interval of intervals) {
    if (interval.start <= inner.start && inner.end <= interval.end) return true;
    if (interval.start > inner.start) return false;
  }
  return false;
}

/** `a.b.c.d-e.f.g.h`, the notation of np-guard's `[External]` peers. */
export function formatInterval(interval: IpInterval): string {
  return `${formatIpv4(interval.start)}-${formatIpv4(interval.end)}`;
}
