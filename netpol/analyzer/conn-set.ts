import { ALL_PORTS, MAX_PORT, MIN_PORT, NO_PORTS, portRange, union as unionPorts, type PortSet } from './ports';
import { complementRanges, intersectRanges, unionRanges } from './ranges';
import type { Protocol } from './types';

/**
 * A set of IPv4 connections over every IP protocol, as Calico can allow or deny them: destination
 * ports for TCP, UDP and SCTP; ICMP types and codes; any other protocol by number. Each part is a sorted
 * list of disjoint, non-adjacent inclusive ranges flattened as [start0, end0, …]:
 * TCP/UDP/SCTP over ports 1-65535, ICMP over type×256+code (0-65535), OTHER over protocol numbers
 * 0-255 except 1, 6, 17 and 132 (which the other parts stand for).
 *
 * Kubernetes NetworkPolicies only ever produce the `PortSet` part (ports.ts); this type is what the
 * Calico evaluation uses, and `All Connections` means every protocol here.
 */
export interface ConnSet {
  readonly TCP: readonly number[];
  readonly UDP: readonly number[];
  readonly SCTP: readonly number[];
  readonly ICMP: readonly number[];
  readonly OTHER: readonly number[];
}

export type ConnPart = keyof ConnSet;
const PARTS: readonly ConnPart[] = ['TCP', 'UDP', 'SCTP', 'ICMP', 'OTHER'];

export const PROTOCOL_NUMBERS: Readonly<Record<Protocol | 'ICMP', number>> = { ICMP: 1, TCP: 6, UDP: 17, SCTP: 132 };
const NONE: readonly number[] = Object.freeze([]);
const FULL_PORTS: readonly number[] = Object.freeze([MIN_PORT, MAX_PORT]);
const FULL_ICMP: readonly number[] = Object.freeze([0, 65535]);
const FULL_OTHER: readonly number[] = Object.freeze([0, 0, 2, 5, 7, 16, 18, 131, 133, 255]);

export const ALL_CONNS: ConnSet = Object.freeze({ TCP: FULL_PORTS, UDP: FULL_PORTS, SCTP: FULL_PORTS, ICMP: FULL_ICMP, OTHER: FULL_OTHER });
export const NO_CONNS: ConnSet = Object.freeze({ TCP: NONE, UDP: NONE, SCTP: NONE, ICMP: NONE, OTHER: NONE });

function make(parts: ConnSet): ConnSet {
  if (PARTS.every((p) => parts[p].length === 0)) return NO_CONNS;
  if (PARTS.every((p) => sameRanges(parts[p], ALL_CONNS[p]))) return ALL_CONNS;
  return Object.freeze({ ...parts });
}

function sameRanges(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function isEmptyConns(set: ConnSet): boolean {
  return set === NO_CONNS || PARTS.every((p) => set[p].length === 0);
}

export function isAllConns(set: ConnSet): boolean {
  return set === ALL_CONNS || PARTS.every((p) => sameRanges(set[p], ALL_CONNS[p]));
}

/** One protocol's destination ports start..end (just start when end is left out; every port when both are). */
export function portConns(protocol: Protocol, start?: number, end?: number): ConnSet {
  const first = Math.max(start ?? MIN_PORT, MIN_PORT);
  const last = end ?? start ?? MAX_PORT;
  if (last < first) return NO_CONNS;
  return make({ ...NO_CONNS, [protocol]: first === MIN_PORT && last === MAX_PORT ? FULL_PORTS : [first, last] });
}

/** ICMP of one type (every code when code is undefined), or every ICMP message. */
export function icmpConns(type?: number, code?: number): ConnSet {
  if (type === undefined) return make({ ...NO_CONNS, ICMP: FULL_ICMP });
  const start = type * 256 + (code ?? 0);
  return make({ ...NO_CONNS, ICMP: [start, code === undefined ? type * 256 + 255 : start] });
}

/** Every packet of IP protocol `number`. */
export function protocolConns(number: number): ConnSet {
  switch (number) {
    case 1:
      return icmpConns();
    case 6:
      return portConns('TCP');
    case 17:
      return portConns('UDP');
    case 132:
      return portConns('SCTP');
    default:
      return make({ ...NO_CONNS, OTHER: [number, number] });
  }
}

/** A Kubernetes port set as connections; ALL_PORTS (no ports field, or no policy) means every protocol. */
export function fromPortSet(ports: PortSet): ConnSet {
  if (ports === ALL_PORTS) return ALL_CONNS;
  return make({ ...NO_CONNS, TCP: ports.TCP, UDP: ports.UDP, SCTP: ports.SCTP });
}

/** The TCP/UDP/SCTP part as a PortSet (what `Connection.ports` carries). */
export function toPortSet(set: ConnSet): PortSet {
  if (set.TCP.length === 0 && set.UDP.length === 0 && set.SCTP.length === 0) return NO_PORTS;
  let result = NO_PORTS;
  for (const protocol of ['SCTP', 'TCP', 'UDP'] as const) {
    const ranges = set[protocol];
    for (let i = 0; i < ranges.length; i += 2) result = unionPorts(result, portRange(protocol, ranges[i], ranges[i + 1]));
  }
  return result;
}

export function unionConns(a: ConnSet, b: ConnSet): ConnSet {
  if (a === b || b === NO_CONNS || a === ALL_CONNS) return a;
  if (a === NO_CONNS || b === ALL_CONNS) return b;
  return make(mapParts((p) => unionRanges(a[p], b[p])));
}

export function intersectConns(a: ConnSet, b: ConnSet): ConnSet {
  if (a === b || b === ALL_CONNS) return a;
  if (a === ALL_CONNS) return b;
  if (a === NO_CONNS || b === NO_CONNS) return NO_CONNS;
  return make(mapParts((p) => intersectRanges(a[p], b[p])));
}

/** a minus b. */
export function subtractConns(a: ConnSet, b: ConnSet): ConnSet {
  if (a === NO_CONNS || b === NO_CONNS) return a;
  if (b === ALL_CONNS || a === b) return NO_CONNS;
  return make(mapParts((p) => intersectRanges(a[p], complementRanges(b[p], ALL_CONNS[p]))));
}

export function complementConns(a: ConnSet): ConnSet {
  return subtractConns(ALL_CONNS, a);
}

/** Whether two sets allow exactly the same connections (sets are kept canonical, so their ranges compare directly). */
export function sameConns(a: ConnSet, b: ConnSet): boolean {
  return a === b || PARTS.every((p) => sameRanges(a[p], b[p]));
}

export function containsConn(set: ConnSet, part: ConnPart, value: number): boolean {
  const ranges = set[part];
  for (let i = 0; i < ranges.length; i += 2) if (value >= ranges[i] && value <= ranges[i + 1]) return true;
  return false;
}

function mapParts(f: (p: ConnPart) => readonly number[]): ConnSet {
  return { TCP: f('TCP'), UDP: f('UDP'), SCTP: f('SCTP'), ICMP: f('ICMP'), OTHER: f('OTHER') };
}

/**
 * The listing notation, extending np-guard's: `All Connections` for every protocol; otherwise groups
 * sorted by name, comma-separated: `ICMP` (every type), `ICMP 0,3/4,8/0` (types, type/code),
 * `Protocol 47,50-51` (other IP protocols by number), `SCTP 7070`, `TCP 80,443`, `UDP 53`.
 */
export function formatConnSet(set: ConnSet): string {
  if (isAllConns(set)) return 'All Connections';
  if (isEmptyConns(set)) return 'No Connections';
  const groups: string[] = [];
  if (set.ICMP.length > 0) groups.push(sameRanges(set.ICMP, FULL_ICMP) ? 'ICMP' : `ICMP ${formatIcmp(set.ICMP)}`);
  if (set.OTHER.length > 0) groups.push(`Protocol ${formatRanges(set.OTHER)}`);
  for (const protocol of ['SCTP', 'TCP', 'UDP'] as const) {
    if (set[protocol].length > 0) groups.push(`${protocol} ${formatRanges(set[protocol])}`);
  }
  return groups.join(',');
}

function formatRanges(ranges: readonly number[]): string {
  const items: string[] = [];
  for (let i = 0; i < ranges.length; i += 2) items.push(ranges[i] === ranges[i + 1] ? `${ranges[i]}` : `${ranges[i]}-${ranges[i + 1]}`);
  return items.join(',');
}

/** `8/0`, `3` (every code of type 3), `3-5` (every code of types 3 to 5), `3/1-4`. */
function formatIcmp(ranges: readonly number[]): string {
  const items: string[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    let start = ranges[i];
    const end = ranges[i + 1];
    while (start <= end) {
      const type = start >> 8;
      const code = start & 255;
      if (code === 0 && end >= type * 256 + 255) {
        // Whole types from here.
        const lastType = ((end + 1) >> 8) - 1;
        items.push(lastType === type ? `${type}` : `${type}-${lastType}`);
        start = (lastType + 1) * 256;
        continue;
      }
      const stop = Math.min(end, type * 256 + 255);
      const lastCode = stop & 255;
      items.push(lastCode === code ? `${type}/${code}` : `${type}/${code}-${lastCode}`);
      start = stop + 1;
    }
  }
  return items.join(',');
}

/** The ranges of each part, for JSON output. */
export function connSetRanges(set: ConnSet): Record<ConnPart, [number, number][]> {
  const result = { TCP: [], UDP: [], SCTP: [], ICMP: [], OTHER: [] } as Record<ConnPart, [number, number][]>;
  for (const p of PARTS) for (let i = 0; i < set[p].length; i += 2) result[p].push([set[p][i], set[p][i + 1]]);
  return result;
}
