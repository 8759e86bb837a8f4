import { fromPortSet, isEmptyConns, NO_CONNS, sameConns, type ConnSet } from './conn-set';
import { compareBytes, externalLabel, listConnections, workloadLabel, type Connection, type ExternalPeer, type Peer, type WorkloadPeer } from './connectivity';
import { splitIntoAtoms } from './ip-blocks';
import type { IpInterval, Model, Workload } from './types';

/**
 * The semantic diff of two states' connectivity, as np-guard netpol-analyzer's `diff` computes it: which
 * (source, destination) pairs allow different protocols and ports in ref2 (the new state) than in ref1
 * (the old state). Every protocol counts: with Calico evaluated a connection can carry ICMP messages and
 * other IP protocols (Connection.conns), so a change that only adds ICMP is a change. Pure, like the rest
 * of the analyzer; `netpol diff` formats the result.
 */

/** `changed`: both states allow something, not the same; `added`: only ref2 does; `removed`: only ref1 does. */
export type DiffType = 'changed' | 'added' | 'removed';

/** The order of the output: changed pairs first, then added, then removed. */
export const DIFF_TYPES: readonly DiffType[] = ['changed', 'added', 'removed'];

export interface ConnectionDiff {
  readonly type: DiffType;
  /** An external peer here is a merged segment of both states' address ranges, not an atom of either. */
  readonly src: Peer;
  readonly dst: Peer;
  /**
   * What ref1 allows, every protocol (a Kubernetes-only state's ALL_PORTS is ALL_CONNS, as `netpol list`
   * prints it); NO_CONNS for `added`.
   */
  readonly ref1: ConnSet;
  /** What ref2 allows; NO_CONNS for `removed`. */
  readonly ref2: ConnSet;
  /**
   * Labels of this pair's workloads (source first) that exist in one state only: in ref2 only for an
   * `added` pair, in ref1 only for a `removed` one. Empty otherwise, and always for `changed`.
   */
  readonly newOrRemovedWorkloads: readonly string[];
}

/** One state: its connections (as listConnections returns them) and every workload it has. */
export interface DiffSide {
  readonly connections: readonly Connection[];
  readonly workloads: readonly Pick<Workload, 'namespace' | 'name' | 'kind'>[];
}

/** The diff of two models' connectivity; see diffConnections. */
export function diffModels(ref1: Model, ref2: Model): ConnectionDiff[] {
  return diffConnections({ connections: listConnections(ref1), workloads: ref1.workloads }, { connections: listConnections(ref2), workloads: ref2.workloads });
}

/** An external address range with what one state allows between it and a workload. */
interface Segment {
  readonly interval: IpInterval;
  readonly conns: ConnSet;
}

/** Everything a connection allows: its conns when Calico was evaluated, else its ports (ALL_PORTS is every protocol). */
function connsOf(c: Connection): ConnSet {
  return c.conns ?? fromPortSet(c.ports);
}

/** All connections between one workload and external addresses in one direction, per state. */
interface ExternalSide {
  readonly workload: WorkloadPeer;
  /** True when the external addresses are the sources. */
  readonly inbound: boolean;
  readonly segments: [Segment[], Segment[]];
}

/**
 * Every pair whose allowed connections differ, sorted by type (DIFF_TYPES), then source, then
 * destination label (byte order), which is np-guard's order.
 *
 * Workload pairs compare directly. External addresses are compared per workload and direction: the
 * address ranges of both states are cut into common segments, each segment gets what each state allows,
 * and adjacent segments with the same (ref1, ref2) pair merge. So an ipBlock that only re-cuts the
 * address space (another policy's new /32) changes nothing, and a change shows as maximal ranges.
 */
export function diffConnections(ref1: DiffSide, ref2: DiffSide): ConnectionDiff[] {
  const names = [new Set(ref1.workloads.map(workloadLabel)), new Set(ref2.workloads.map(workloadLabel))];
  const pairs = new Map<string, { src: Peer; dst: Peer; conns: [ConnSet, ConnSet] }>();
  const externals = new Map<string, ExternalSide>();
  [ref1, ref2].forEach((side, index) => {
    for (const c of side.connections) {
      if (c.src.type === 'external' || c.dst.type === 'external') {
        const inbound = c.src.type === 'external';
        const workload = (inbound ? c.dst : c.src) as WorkloadPeer;
        const external = (inbound ? c.src : c.dst) as ExternalPeer;
        const key = `${inbound ? '<' : '>'}${workload.label}`;
        let entry = externals.get(key);
        if (entry === undefined) {
          entry = { workload, inbound, segments: [[], []] };
          externals.set(key, entry);
        }
        entry.segments[index].push({ interval: external.interval, conns: connsOf(c) });
        continue;
      }
      const key = `${c.src.label}\u0000${c.dst.label}`;
      let pair = pairs.get(key);
      if (pair === undefined) {
        pair = { src: c.src, dst: c.dst, conns: [NO_CONNS, NO_CONNS] };
        pairs.set(key, pair);
      }
      pair.conns[index] = connsOf(c);
    }
  });

  const diffs: ConnectionDiff[] = [];
  const add = (src: Peer, dst: Peer, before: ConnSet, after: ConnSet): void => {
    if (sameConns(before, after)) return;
    const type: DiffType = isEmptyConns(before) ? 'added' : isEmptyConns(after) ? 'removed' : 'changed';
    // An added pair's workloads all exist in ref2; those missing from ref1 are new (and vice versa).
    const other = type === 'added' ? names[0] : names[1];
    const oneSided = type === 'changed' ? [] : [src, dst].filter((peer) => peer.type === 'workload' && !other.has(peer.label)).map((peer) => peer.label);
    diffs.push({ type, src, dst, ref1: before, ref2: after, newOrRemovedWorkloads: oneSided });
  };
  for (const pair of pairs.values()) add(pair.src, pair.dst, pair.conns[0], pair.conns[1]);
  for (const entry of externals.values()) {
    for (const segment of commonSegments(entry.segments[0], entry.segments[1])) {
      const external: ExternalPeer = { type: 'external', interval: segment.interval, label: externalLabel(segment.interval) };
      if (entry.inbound) add(external, entry.workload, segment.before, segment.after);
      else add(entry.workload, external, segment.before, segment.after);
    }
  }
  const rank = (type: DiffType) => DIFF_TYPES.indexOf(type);
  return diffs.sort((a, b) => rank(a.type) - rank(b.type) || compareBytes(a.src.label, b.src.label) || compareBytes(a.dst.label, b.dst.label));
}

/**
 * The IPv4 space cut at the edges of both states' ranges, with what each state allows per piece
 * (NO_CONNS where it has no range), and consecutive pieces that agree on both merged. Pieces where
 * neither state allows anything are left out.
 */
function commonSegments(before: readonly Segment[], after: readonly Segment[]): { interval: IpInterval; before: ConnSet; after: ConnSet }[] {
  const sorted = [before, after].map((segments) => [...segments].sort((a, b) => a.interval.start - b.interval.start));
  const next = [0, 0];
  const result: { interval: IpInterval; before: ConnSet; after: ConnSet }[] = [];
  for (const atom of splitIntoAtoms([...before, ...after].map((s) => s.interval))) {
    // Each state's ranges are disjoint and the atoms refine them, so one forward pass finds each atom's range.
    const conns = sorted.map((segments, side) => {
      while (next[side] < segments.length && segments[next[side]].interval.end < atom.start) next[side]++;
      const segment = segments[next[side]];
      return segment !== undefined && segment.interval.start <= atom.start ? segment.conns : NO_CONNS;
    });
    const last = result[result.length - 1];
    if (last !== undefined && last.interval.end + 1 === atom.start && sameConns(last.before, conns[0]) && sameConns(last.after, conns[1])) {
      result[result.length - 1] = { ...last, interval: { start: last.interval.start, end: atom.end } };
    } else {
      result.push({ interval: atom, before: conns[0], after: conns[1] });
    }
  }
  return result.filter((s) => !isEmptyConns(s.before) || !isEmptyConns(s.after));
}
