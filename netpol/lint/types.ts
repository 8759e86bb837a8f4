import type { IpInterval, Labels, Model, Workload } from '../analyzer';

export type Severity = 'error' | 'warning' | 'info';

/** One problem in one object, with enough to find it and fix it. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** The input file; undefined only for a namespace named by options that no input file mentions. */
  readonly file?: string;
  /** 1-based line of the most specific part (the peer, the rule, else the object), when known. */
  readonly line?: number;
  /** `NetworkPolicy ns/name`, or `Namespace ns` for findings about a whole namespace. */
  readonly object: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** What the caller may set; every field has a default suited to a kubeadm cluster with Calico. */
export interface LintOptions {
  /**
   * The ClusterIP of the `kubernetes` Service in `default`.
   * @default '10.96.0.1' (kubeadm's default, and cluster.ts)
   */
  readonly apiServiceIp?: string;
  /**
   * The cluster's pod CIDR (Calico's IP pool).
   * @default '192.168.0.0/16' (Calico's default IPv4 pool)
   */
  readonly podCidr?: string;
  /**
   * The cluster's Service CIDR.
   * @default '10.96.0.0/12' (kubeadm's default --service-cidr)
   */
  readonly serviceCidr?: string;
  /**
   * Namespaces to hold to missing-default-deny even when the input has no policy in them.
   * @default - only namespaces with at least one NetworkPolicy in the input
   */
  readonly namespaces?: readonly string[];
  /**
   * Rule ids to skip.
   * @default - every rule runs
   */
  readonly disable?: readonly string[];
}

/** A CIDR option, parsed. */
export interface CidrOption {
  readonly text: string;
  readonly interval: IpInterval;
}

export interface ResolvedLintOptions {
  readonly apiServiceIp: { readonly text: string; readonly address: number };
  readonly podCidr: CidrOption;
  readonly serviceCidr: CidrOption;
  readonly namespaces: readonly string[];
  readonly disable: readonly string[];
}

/** What every rule gets: the model, the options and lookups shared between rules. */
export interface LintContext {
  readonly model: Model;
  readonly options: ResolvedLintOptions;
  /** Labels of a namespace, as the analyzer sees them (declared, or just kubernetes.io/metadata.name). */
  namespaceLabels(namespace: string): Labels;
  /** The input's workloads in one namespace. */
  workloadsIn(namespace: string): readonly Workload[];
}

/** One lint rule: its id is its file name under lint/rules/. */
export interface LintRule {
  readonly id: string;
  readonly severity: Severity;
  /** One sentence for help texts and docs. */
  readonly description: string;
  check(context: LintContext): Finding[];
}
