/**
 * The shape of the connectivity specification (spec/connectivity.ts). It states intent the way a
 * person reads the seed's "Policy Summary" table, independently of the policies that implement it,
 * so the matrix test can hold the synthesized policies against it.
 */

/** The protocols a NetworkPolicy port can name. */
export type SpecProtocol = 'TCP' | 'UDP' | 'SCTP';

/** One port: `'TCP/4566'`, `'UDP/53'`. */
export type SpecSinglePort = `${SpecProtocol}/${number}`;

/** One port, or an inclusive range `'TCP/8000-8100'`. */
export type SpecPort = SpecSinglePort | `${SpecProtocol}/${number}-${number}`;

/**
 * Who is on the other end of an entry:
 * - `{ namespace: 'velero' }`: every workload of the inventory in that namespace;
 * - `{ workload: 'default/test-pod' }` (or `'ns/name[Kind]'` when two kinds share a name);
 * - `{ role: 'prometheus' }`: a name from the spec's `roles`, which maps to inventory workloads;
 * - `{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }`: addresses outside the cluster (IPv4 only).
 */
export type SpecPeer<Role extends string = string> =
  | { readonly namespace: string }
  | { readonly workload: string }
  | { readonly role: Role }
  | { readonly cidr: string; readonly except?: readonly string[] };

/** One line of the table: a peer, the ports, and why (a short sentence for the generated docs). */
export interface IngressEntry<Role extends string = string> {
  readonly from: SpecPeer<Role>;
  readonly ports: readonly SpecPort[];
  readonly why: string;
  /**
   * Names of the namespace's workloads the entry is for, when not all of them (e.g. only a webhook
   * receives from the API server). Absent: every workload of the namespace.
   */
  readonly appliesTo?: readonly string[];
}

export interface EgressEntry<Role extends string = string> {
  readonly to: SpecPeer<Role>;
  readonly ports: readonly SpecPort[];
  readonly why: string;
  /** As for IngressEntry: the senders, when not every workload of the namespace. */
  readonly appliesTo?: readonly string[];
}

/**
 * One protected namespace. Every workload in it (or those an entry's `appliesTo` names) may receive
 * exactly the union of `ingress` and send exactly the union of `egress`; everything else into or out of it is denied. A flow between two
 * protected namespaces is declared on both sides (the sender's egress and the receiver's ingress),
 * as the policies need both; the expansion reports a flow declared on one side only.
 */
export interface NamespaceSpec<Role extends string = string> {
  /** What runs there, in a few words. */
  readonly summary: string;
  readonly ingress: readonly IngressEntry<Role>[];
  readonly egress: readonly EgressEntry<Role>[];
}

/** A connection the workloads need that the policies deny today, on purpose or not yet fixed. */
export interface KnownGap {
  readonly title: string;
  readonly why: string;
  /**
   * Concrete flows that show the gap, in `netpol explain` terms (`ns/name` or an IPv4 address, and a
   * SpecPort). The matrix test asserts each is denied, so a fix fails it until the gap moves into the
   * namespace entries. Empty when the gap cannot be shown with the inventory's workloads.
   */
  readonly deniedFlows: readonly { readonly from: string; readonly to: string; readonly port: SpecSinglePort }[];
}

export interface ConnectivitySpec<Role extends string = string> {
  /** Role name → inventory workloads (`ns/name`), for peers the table names by what they do. */
  readonly roles: Readonly<Record<Role, readonly string[]>>;
  /** Keyed by namespace name; exactly the namespaces the app protects. */
  readonly namespaces: Readonly<Record<string, NamespaceSpec<Role>>>;
  readonly knownGaps: readonly KnownGap[];
}
