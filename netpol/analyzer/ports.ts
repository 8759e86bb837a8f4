import { intersectRanges, unionRanges } from './ranges';
import { PROTOCOLS, type Protocol } from './types';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/**
 * Allowed ports per protocol: sorted, disjoint, non-adjacent inclusive ranges flattened as
 * [start0, end0, start1, end1, …]. Immutable; `ALL_PORTS` and `NO_PORTS` are shared instances so the
 * hot paths of the connectivity computation can short-cut on identity.
 */
export interface PortSet {
  readonly SCTP: readonly number[];
  readonly TCP: readonly number[];
  readonly UDP: readonly number[];
}

const FULL: readonly number[] = Object.freeze([MIN_PORT, MAX_PORT]);
const NONE: readonly number[] = Object.freeze([]);

/** Every port of every protocol. */
export const ALL_PORTS: PortSet = Object.freeze({ SCTP: FULL, TCP: FULL, UDP: FULL });
/** Nothing. */
export const NO_PORTS: PortSet = Object.freeze({ SCTP: NONE, TCP: NONE, UDP: NONE });

/** The inclusive range start..end of one protocol. */
export function portRange(protocol: Protocol, start: number, end: number = start): PortSet {
  return normalise({ ...NO_PORTS, [protocol]: start === MIN_PORT && end === MAX_PORT ? FULL : [start, end] });
}

/** Every port of one protocol. */
export function wholeProtocol(protocol: Protocol): PortSet {
  return portRange(protocol, MIN_PORT, MAX_PORT);
}

export function isEmpty(set: PortSet): boolean {
  return set === NO_PORTS || (set.SCTP.length === 0 && set.TCP.length === 0 && set.UDP.length === 0);
}

export function isAll(set: PortSet): boolean {
  return set === ALL_PORTS || PROTOCOLS.every((p) => isFull(set[p]));
}

export function contains(set: PortSet, protocol: Protocol, port: number): boolean {
  const ranges = set[protocol];
  for (let i = 0; i < ranges.length; i += 2) {
    if (port >= ranges[i] && port <= ranges[i + 1]) return true;
  }
  return false;
}

export function union(a: PortSet, b: PortSet): PortSet {
  if (a === b || b === NO_PORTS || a === ALL_PORTS) return a;
  if (a === NO_PORTS || b === ALL_PORTS) return b;
  return normalise({
    SCTP: unionPortRanges(a.SCTP, b.SCTP),
    TCP: unionPortRanges(a.TCP, b.TCP),
    UDP: unionPortRanges(a.UDP, b.UDP),
  });
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  if (a === b || b === ALL_PORTS) return a;
  if (a === ALL_PORTS) return b;
  if (a === NO_PORTS || b === NO_PORTS) return NO_PORTS;
  return normalise({
    SCTP: intersectPortRanges(a.SCTP, b.SCTP),
    TCP: intersectPortRanges(a.TCP, b.TCP),
    UDP: intersectPortRanges(a.UDP, b.UDP),
  });
}

/** Whether two sets allow exactly the same ports (sets are kept normalised, so their ranges compare directly). */
export function samePorts(a: PortSet, b: PortSet): boolean {
  if (a === b) return true;
  return PROTOCOLS.every((protocol) => {
    const x = a[protocol];
    const y = b[protocol];
    return x.length === y.length && x.every((value, index) => value === y[index]);
  });
}

/**
 * np-guard's txt notation: `All Connections` only when all three protocols are complete, otherwise
 * `SCTP 7070,TCP 8080-8081,UDP 9090`. An empty set prints as `No Connections`, which listings never show.
 */
export function formatPortSet(set: PortSet): string {
  if (isAll(set)) return 'All Connections';
  if (isEmpty(set)) return 'No Connections';
  const groups: string[] = [];
  for (const protocol of PROTOCOLS) {
    const ranges = set[protocol];
    if (ranges.length === 0) continue;
    const items: string[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      items.push(ranges[i] === ranges[i + 1] ? `${ranges[i]}` : `${ranges[i]}-${ranges[i + 1]}`);
    }
    groups.push(`${protocol} ${items.join(',')}`);
  }
  return groups.join(',');
}

/** The ranges of a set as [start, end] pairs per protocol, for JSON output. */
export function portSetRanges(set: PortSet): Record<Protocol, [number, number][]> {
  const result = { SCTP: [], TCP: [], UDP: [] } as Record<Protocol, [number, number][]>;
  for (const protocol of PROTOCOLS) {
    const ranges = set[protocol];
    for (let i = 0; i < ranges.length; i += 2) result[protocol].push([ranges[i], ranges[i + 1]]);
  }
  return result;
}

function isFull(ranges: readonly number[]): boolean {
  return ranges.length === 2 && ranges[0] === MIN_PORT && ranges[1] === MAX_PORT;
}

function normalise(set: PortSet): PortSet {
  if (set.SCTP.length === 0 && set.TCP.length === 0 && set.UDP.length === 0) return NO_PORTS;
  if (isFull(set.SCTP) && isFull(set.TCP) && isFull(set.UDP)) return ALL_PORTS;
  return Object.freeze(set);
}

/** unionRanges, with the shared FULL instance kept where a side is every port (hot paths compare by identity). */
function unionPortRanges(a: readonly number[], b: readonly number[]): readonly number[] {
  if (isFull(a) && b.length > 0) return a;
  if (isFull(b) && a.length > 0) return b;
  const result = unionRanges(a, b);
  return result !== a && result !== b && isFull(result) ? FULL : result;
}

/** intersectRanges, returning the other side where one is every port. */
function intersectPortRanges(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0 || b.length === 0) return NONE;
  if (isFull(a)) return b;
  if (isFull(b)) return a;
  return intersectRanges(a, b);
}
