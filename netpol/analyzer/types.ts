import type { CalicoObjects } from './calico/model';

/**
 * The analyzer's plain data model. Everything here is JSON-serialisable, so tests, a linter or a docs
 * generator can build a model by hand or inspect one that `loadManifests` produced.
 */

/** The three protocols a Kubernetes NetworkPolicy can name. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** The protocols in the order the txt format prints them (sorted by name). */
export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

/** Where an object came from: the input path and, when known, the 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
}

export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  /** Empty for Exists and DoesNotExist. */
  readonly values: readonly string[];
}

/** A validated label selector. Both lists empty means "select everything". */
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

export interface Namespace {
  readonly name: string;
  /** Always includes `kubernetes.io/metadata.name`, as the API server adds it. */
  readonly labels: Labels;
  /** Undefined when the namespace was not declared but used by a workload or policy. */
  readonly source?: SourceLocation;
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
}

/** One analysed endpoint: a workload manifest, or the pods sharing one controller owner, or a bare pod. */
export interface Workload {
  readonly namespace: string;
  readonly name: string;
  /** Deployment, StatefulSet, …, or Pod; for owned pods, the owner's kind. */
  readonly kind: string;
  readonly labels: Labels;
  /** Container ports of the first pod (template), in declaration order; named ports resolve against these. */
  readonly ports: readonly ContainerPort[];
  /**
   * True when the pods run in the node's network namespace (`spec.hostNetwork`); absent otherwise.
   * NetworkPolicy does not apply to such pods. Connection listings ignore it, as np-guard does.
   */
  readonly hostNetwork?: boolean;
  /** spec.serviceAccountName of the pods, when set (Calico selects on it); absent means `default`. */
  readonly serviceAccount?: string;
  readonly source: SourceLocation;
}

/** A port entry of a rule. `port` undefined means every port of `protocol`. */
export interface PolicyPort {
  readonly protocol: Protocol;
  readonly port?: number | string;
  /** Only with a numeric `port`; inclusive. */
  readonly endPort?: number;
}

/** One IPv4 interval, inclusive, as unsigned 32-bit numbers. */
export interface IpInterval {
  readonly start: number;
  readonly end: number;
}

export interface SelectorPeer {
  readonly type: 'selector';
  /** Undefined: the policy's own namespace. */
  readonly namespaceSelector?: LabelSelector;
  /** Undefined: every pod of the selected namespaces. */
  readonly podSelector?: LabelSelector;
  readonly line?: number;
}

export interface IpBlockPeer {
  readonly type: 'ipBlock';
  readonly cidr: string;
  readonly except: readonly string[];
  /** IPv4 intervals of cidr minus except, sorted and merged; empty for IPv6 blocks. */
  readonly intervals: readonly IpInterval[];
  readonly line?: number;
}

export type PolicyPeer = SelectorPeer | IpBlockPeer;

export interface PolicyRule {
  /** Undefined (the field was missing or empty): the rule matches every peer, external ones included. */
  readonly peers?: readonly PolicyPeer[];
  /** Undefined (the field was missing or empty): the rule matches every port of every protocol. */
  readonly ports?: readonly PolicyPort[];
  readonly line?: number;
}

export type Direction = 'Ingress' | 'Egress';

/** A validated networking.k8s.io/v1 NetworkPolicy with policyTypes already defaulted. */
export interface NetworkPolicy {
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** The effective policyTypes: given ones, or Ingress plus Egress when egress rules exist. */
  readonly policyTypes: readonly Direction[];
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
  readonly source: SourceLocation;
}

/** A policy object the analyzer recognised but does not evaluate (AdminNetworkPolicy, BaselineAdminNetworkPolicy). */
export interface UnevaluatedPolicy {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly source: SourceLocation;
}

export interface Warning {
  readonly message: string;
  readonly source?: SourceLocation;
}

/** Everything `loadManifests` understood from the inputs. */
export interface Model {
  readonly namespaces: readonly Namespace[];
  readonly workloads: readonly Workload[];
  readonly policies: readonly NetworkPolicy[];
  /**
   * Policies found in the input that the analysis does not evaluate (AdminNetworkPolicy and
   * BaselineAdminNetworkPolicy); connections never account for them, and every output says so.
   */
  readonly calicoPolicies: readonly UnevaluatedPolicy[];
  /**
   * Calico's objects (tiers, policies, network sets) and the Services, endpoints and service accounts
   * its rules can name. Undefined in hand-built models: then only Kubernetes NetworkPolicies count.
   */
  readonly calico?: CalicoObjects;
  readonly warnings: readonly Warning[];
}

/** An input file as text; `path` is only used in messages. */
export interface ManifestSource {
  readonly path: string;
  readonly text: string;
  /**
   * The bytes `text` was decoded from, where each is one of its characters (an ASCII file without a
   * byte order mark): a large JSON file's positions are then found in them, without a copy.
   * @default - positions are found in a copy of the text's UTF-16 units
   */
  readonly bytes?: Uint8Array;
}
