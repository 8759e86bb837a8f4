import type { Direction, IpInterval, Labels, SourceLocation } from '../types';
import type { CalicoSelector } from './selector';

/** The data model of the Calico objects the analyzer evaluates (projectcalico.org/v3, crd.projectcalico.org/v1). */

export type CalicoAction = 'Allow' | 'Deny' | 'Pass' | 'Log';
export const CALICO_ACTIONS: readonly CalicoAction[] = ['Allow', 'Deny', 'Log', 'Pass'];

/** A port entry: a range (a single port is start === end) or a named port. */
export type CalicoPort = { readonly start: number; readonly end: number } | { readonly name: string };

/** A protocol as Calico names it: TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255. */
export interface CalicoProtocol {
  readonly number: number;
  /** As written, for messages. */
  readonly text: string;
}

/** ICMP type (0-255) and optional code (0-255; needs a type). */
export interface IcmpMatch {
  readonly type?: number;
  readonly code?: number;
}

export interface ServiceAccountMatch {
  readonly names: readonly string[];
  readonly selector?: CalicoSelector;
}

/** One side (source or destination) of a rule. Undefined fields are not set. */
export interface EntityRule {
  /** IPv4 intervals of `nets`, merged; undefined: not set. */
  readonly nets?: readonly IpInterval[];
  readonly notNets?: readonly IpInterval[];
  /** The nets as written, for messages. */
  readonly netsText?: readonly string[];
  readonly notNetsText?: readonly string[];
  readonly selector?: CalicoSelector;
  readonly notSelector?: CalicoSelector;
  readonly namespaceSelector?: CalicoSelector;
  readonly ports?: readonly CalicoPort[];
  readonly notPorts?: readonly CalicoPort[];
  readonly serviceAccounts?: ServiceAccountMatch;
  readonly services?: { readonly name: string; readonly namespace: string };
}

export interface CalicoRule {
  readonly action: CalicoAction;
  /** 0-based index into spec.ingress or spec.egress. */
  readonly index: number;
  readonly line?: number;
  readonly protocol?: CalicoProtocol;
  readonly notProtocol?: CalicoProtocol;
  readonly icmp?: IcmpMatch;
  readonly notICMP?: IcmpMatch;
  readonly source: EntityRule;
  readonly destination: EntityRule;
  /**
   * Why the rule can never match IPv4 traffic (ipVersion 6, ICMPv6, only IPv6 nets, a negated
   * catch-all net, as Felix's FilterRuleToIPVersion drops it); undefined when it can.
   */
  readonly neverMatches?: string;
  /** Things the analysis cannot decide offline about this rule (HTTP match, source ports, …), said per rule. */
  readonly undecided: readonly string[];
}

export type CalicoPolicyKind = 'NetworkPolicy' | 'GlobalNetworkPolicy' | 'StagedNetworkPolicy' | 'StagedGlobalNetworkPolicy' | 'StagedKubernetesNetworkPolicy';

export interface CalicoPolicy {
  readonly kind: CalicoPolicyKind;
  readonly apiVersion: string;
  /** Undefined for global kinds. */
  readonly namespace?: string;
  readonly name: string;
  readonly tier: string;
  /** Undefined: no order, sorts after every ordered policy of its tier. */
  readonly order?: number;
  readonly selector: CalicoSelector;
  readonly namespaceSelector?: CalicoSelector;
  readonly serviceAccountSelector?: CalicoSelector;
  /** The effective types: given, or defaulted from the rules as Calico's API server does. */
  readonly types: readonly Direction[];
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
  /** GlobalNetworkPolicy host-endpoint options: preDNAT and doNotTrack policies never apply to pods. */
  readonly preDNAT: boolean;
  readonly doNotTrack: boolean;
  readonly applyOnForward: boolean;
  readonly source: SourceLocation;
}

export interface CalicoTier {
  readonly name: string;
  /** Undefined: no order, the tier comes after every ordered tier. */
  readonly order?: number;
  readonly defaultAction: 'Deny' | 'Pass';
  /** Undefined for the tiers Calico creates itself (default, adminnetworkpolicy, baselineadminnetworkpolicy). */
  readonly source?: SourceLocation;
}

export interface CalicoNetworkSet {
  readonly kind: 'NetworkSet' | 'GlobalNetworkSet';
  readonly namespace?: string;
  readonly name: string;
  readonly labels: Labels;
  readonly nets: readonly IpInterval[];
  readonly source: SourceLocation;
}

/** A v1 Service, for rules with `services`. */
export interface ServiceObject {
  readonly namespace: string;
  readonly name: string;
  /** Undefined: a Service without selector (its endpoints are listed by hand). */
  readonly selector?: Labels;
  readonly ports: readonly { readonly protocol: 'TCP' | 'UDP' | 'SCTP'; readonly port: number; readonly targetPort: number | string }[];
  readonly source: SourceLocation;
}

/** The endpoints of one Service, from EndpointSlices or Endpoints objects. */
export interface ServiceEndpoints {
  readonly namespace: string;
  readonly service: string;
  /** IPv4 addresses of the endpoints. */
  readonly addresses: readonly number[];
  /** Names of the pods behind them (targetRef), when given. */
  readonly podNames: readonly string[];
  readonly ports: readonly { readonly protocol: 'TCP' | 'UDP' | 'SCTP'; readonly port: number }[];
  readonly source: SourceLocation;
}

export interface ServiceAccountObject {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
}

/** Every Calico object (and Service object) `loadManifests` understood. */
export interface CalicoObjects {
  /** The tiers that exist: those in the input plus Calico's own default tier. */
  readonly tiers: readonly CalicoTier[];
  /** Enforced policies (NetworkPolicy, GlobalNetworkPolicy). */
  readonly policies: readonly CalicoPolicy[];
  /** Staged policies: Calico never enforces them, so they are noted and never applied. */
  readonly staged: readonly CalicoPolicy[];
  readonly networkSets: readonly CalicoNetworkSet[];
  readonly services: readonly ServiceObject[];
  readonly serviceEndpoints: readonly ServiceEndpoints[];
  readonly serviceAccounts: readonly ServiceAccountObject[];
  /** Host-only objects (HostEndpoint) the input holds: they protect nodes, not pods. */
  readonly hostEndpoints: readonly { readonly name: string; readonly source: SourceLocation }[];
}

export const DEFAULT_TIER = 'default';
export const DEFAULT_TIER_ORDER = 1_000_000;
export const ADMIN_TIER = 'adminnetworkpolicy';
export const ADMIN_TIER_ORDER = 1_000;
export const BASELINE_TIER = 'baselineadminnetworkpolicy';
export const BASELINE_TIER_ORDER = 10_000_000;
/** Calico's order for the policies it makes of Kubernetes NetworkPolicies (conversion.go). */
export const KUBERNETES_POLICY_ORDER = 1000;
