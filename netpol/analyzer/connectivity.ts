import { splitIntoAtoms } from './ip-blocks';
import type { PortSet } from './ports';
import { policySelects } from './rules';
import type { Direction, IpInterval, Model, Workload } from './types';
import type { ConnSet } from './conn-set';
import { hasCalicoPolicies } from './calico/evaluate';
import { listAllowed } from './listing';

/** A workload endpoint of a connection. `label` is np-guard's `ns/name[Kind]`. */
export interface WorkloadPeer {
  readonly type: 'workload';
  readonly workload: Workload;
  readonly label: string;
}

/** An external IPv4 range (an atom of the address space). `label` is `a.b.c.d-e.f.g.h[External]`. */
export interface ExternalPeer {
  readonly type: 'external';
  readonly interval: IpInterval;
  readonly label: string;
}

export type Peer = WorkloadPeer | ExternalPeer;

/** One ordered pair with at least one allowed port. */
export interface Connection {
  readonly src: Peer;
  readonly dst: Peer;
  /** The allowed TCP, UDP and SCTP ports. Without `conns`, ALL_PORTS stands for every protocol (Kubernetes semantics). */
  readonly ports: PortSet;
  /**
   * Set when Calico policies were evaluated: every allowed protocol (ICMP types and codes, other IP
   * protocols, and the ports again), which the listing prints instead of `ports`.
   */
  readonly conns?: ConnSet;
}

export { externalLabel, workloadLabel } from './labels';

/**
 * The external atoms for one direction: the IPv4 space split at the edges of every ipBlock in the
 * policies' rules of that direction (Ingress: possible sources; Egress: possible destinations).
 */
export function externalAtoms(model: Pick<Model, 'policies'>, direction: Direction): IpInterval[] {
  const intervals: IpInterval[] = [];
  for (const policy of model.policies) {
    for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
      for (const peer of rule.peers ?? []) if (peer.type === 'ipBlock') intervals.push(...peer.intervals);
    }
  }
  return splitIntoAtoms(intervals);
}

/**
 * Every allowed connection between workloads and external atoms, sorted by source then destination
 * label (byte order), without self pairs and external-to-external pairs. Without Calico policies the
 * Kubernetes semantics alone decide (np-guard's output byte for byte, ports only); with them Felix's
 * evaluation does, and each connection also carries every protocol (`conns`). listing.ts says how.
 */
export function listConnections(model: Model): Connection[] {
  return listAllowed(model, hasCalicoPolicies(model));
}

/** Go's string `<` on ASCII labels; localeCompare would sort `-` and `[` differently. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether any policy isolates `workload` in `direction`. */
export function isIsolated(model: Pick<Model, 'policies'>, workload: Workload, direction: Direction): boolean {
  return model.policies.some((policy) => policySelects(policy, direction, workload));
}
