import { IpBlock } from './ip-block';
import { Pods } from './pods';
import { Port } from './port';
import { SourceSite } from './source-site';

/**
 * One end of the connections a tightening covers: pods (a namespace, or labelled pods in it), addresses
 * outside the cluster, or anything.
 */
export type TighteningPeer = Pods | IpBlock | 'anywhere';

/**
 * Connections that the cluster's policies before this app allowed and this app denies on purpose, with
 * the reason: written once, beside the declaration that makes the difference (a namespace's props, or
 * the app's for what cuts across namespaces). The migration report (docs/migration.md) gives every
 * removed connection the reason of the first tightening that covers it, and a test fails for a removed
 * connection that none covers, so nothing the cluster had is cut without a stated reason.
 */
export interface TighteningProps {
  /** @default 'anywhere' */
  readonly from?: TighteningPeer;
  /** @default 'anywhere' */
  readonly to?: TighteningPeer;
  /**
   * The ports it covers.
   * @default - every port and protocol
   */
  readonly ports?: readonly Port[];
  /** Why the app denies these: what was allowed, what is allowed now, and why that is enough. */
  readonly reason: string;
}

/** A tightening with where it was declared, as the app collects them. */
export interface Tightening extends TighteningProps {
  /** The namespace whose props declare it, or undefined for the app's own. */
  readonly declaredIn?: string;
  readonly declaredAt?: SourceSite;
}
