import { labelKeyProblem, labelValueProblem, sameLabels } from '../netpol/analyzer/selectors';
import { dnsLabelProblem } from './dns-label';
import { ConfigurationError } from './errors';
import { PodLabels } from './pod-selection';
import { SourceSite, callerSite, formatSite, locate } from './source-site';

/**
 * A group of pods a flow starts or ends at: every pod of a namespace, or the pods with some labels
 * in it. A value type, defined once (a cluster fact in cluster.ts, or a namespace's own pods in its
 * file) and referred to by every flow that names those pods, so a peer is never a free string.
 *
 * `name` names the group in policy names: the destination's ingress policy is `allow-<from>-ingress`,
 * the source's egress policy `allow-<to>-egress` (see Flows). The namespace is checked when the app
 * resolves its flows: it must be protected (composed in main.ts) or exempt.
 */
export class Pods {
  /** Every pod of `namespace`, named after the namespace. */
  public static all(namespace: string): Pods {
    return new Pods(namespace, namespace, undefined, callerSite());
  }

  /**
   * The pods labelled `labels` in `namespace` (`kubectl get pods -n <namespace> --show-labels`).
   * @param name names the group in policy names, e.g. `grafana`; a DNS-1123 label
   */
  public static select(namespace: string, name: string, labels: PodLabels): Pods {
    return new Pods(namespace, name, labels, callerSite());
  }

  private constructor(
    /** The namespace the pods run in. */
    public readonly namespace: string,
    /** The group's name in policy names. */
    public readonly name: string,
    /** The labels that select the pods in `namespace`; undefined for every pod. */
    public readonly labels: PodLabels | undefined,
    /** Where the group was defined, for messages. */
    public readonly definedAt: SourceSite | undefined,
  ) {
    const problem = dnsLabelProblem('Namespace', namespace) ?? dnsLabelProblem('Pod group name', name) ?? labelsProblem(labels);
    if (problem !== undefined) {
      const site = locate(definedAt, [JSON.stringify(namespace).slice(1, -1), name]);
      throw new ConfigurationError(`${site === undefined ? '' : `${formatSite(site)}: `}Pods ${this.describe()}: ${problem}`);
    }
  }

  /** True for every pod of the namespace. */
  public get isWholeNamespace(): boolean {
    return this.labels === undefined;
  }

  /** The same pods: the same namespace and the same labels. */
  public sameAs(other: { readonly namespace: string; readonly labels?: PodLabels }): boolean {
    return this.namespace === other.namespace && samePodLabels(this.labels, other.labels);
  }

  /** `loki` or `default/grafana {app.kubernetes.io/name=grafana}`, for messages and docs. */
  public describe(): string {
    if (this.labels === undefined) return `${this.namespace} (every pod)`;
    const labels = Object.entries(this.labels).map(([key, value]) => `${key}=${value}`).join(',');
    return `${this.namespace}/${this.name} {${labels}}`;
  }

  /** For JSON.stringify in messages and snapshots. */
  public toJSON(): object {
    return { namespace: this.namespace, name: this.name, ...(this.labels === undefined ? {} : { labels: this.labels }) };
  }
}

function labelsProblem(labels: PodLabels | undefined): string | undefined {
  if (labels === undefined) return undefined;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    return `labels are ${JSON.stringify(labels)}; give a map of label keys to values, e.g. { 'app.kubernetes.io/name': 'grafana' }.`;
  }
  const entries = Object.entries(labels);
  if (entries.length === 0) {
    return 'labels are {}, which selects every pod of the namespace. Use Pods.all(namespace) for every pod, or name the labels.';
  }
  for (const [key, value] of entries) {
    if (labelKeyProblem(key) !== undefined) {
      return `label key "${key}" is not a valid label key (an optional DNS subdomain prefix and "/", then at most 63 characters: `
        + 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit). Copy it from `kubectl get pods --show-labels`.';
    }
    if (typeof value !== 'string' || labelValueProblem(value) !== undefined) {
      return `label value ${JSON.stringify(value)} of "${key}" is not a valid label value (at most 63 characters: letters, digits, "-", "_" `
        + 'and ".", starting and ending with a letter or digit). Copy it from `kubectl get pods --show-labels`.';
    }
  }
  return undefined;
}

/** The same labels, or both every pod (no labels). */
function samePodLabels(a: PodLabels | undefined, b: PodLabels | undefined): boolean {
  return a === undefined || b === undefined ? a === b : sameLabels(a, b);
}
