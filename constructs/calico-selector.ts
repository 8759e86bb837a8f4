import { IConstruct } from 'constructs';
import { fail } from './errors';

/**
 * The label Calico puts on every workload endpoint (pod) with the name of its namespace. Host
 * endpoints have no namespace and so no such label, which is what lets a GlobalNetworkPolicy
 * select "pods only". Source: docs.tigera.io, Calico reference, GlobalNetworkPolicy ("Select a
 * namespace in a GlobalNetworkPolicy in the standard selector by using
 * projectcalico.org/namespace as the label name").
 */
export const CALICO_NAMESPACE_LABEL = 'projectcalico.org/namespace';

/**
 * The label Calico puts on every Namespace with its name, for `namespaceSelector` (same page:
 * "Select a specific namespace by name using the projectcalico.org/name label").
 */
export const CALICO_NAME_LABEL = 'projectcalico.org/name';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Kubernetes label values: at most 63 characters, alphanumerics and -_. inside. A quote could
// never be part of one, so quoting with '...' below cannot be broken out of.
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const MAX_LABEL_LENGTH = 63;

/**
 * A Calico selector expression (docs.tigera.io, Calico reference, "Selectors"): the endpoints a
 * GlobalNetworkPolicy applies to, or the endpoints and namespaces a rule matches.
 *
 * Only the few shapes this app needs, each built from validated parts so no hand-written string
 * can select more than meant. As with Port, a factory keeps the problem and the construct that
 * binds the selector throws it, prefixed with its own path.
 */
export class CalicoSelector {
  /**
   * Every pod of the cluster and nothing else: `has(projectcalico.org/namespace)`. Not `all()`,
   * which in a GlobalNetworkPolicy also selects host endpoints (Calico reference, "Selector
   * scopes": the top-level selector of a GlobalNetworkPolicy "selects over all endpoints
   * including namespaced WorkloadEndpoints and non-namespaced HostEndpoints").
   */
  public static allPods(): CalicoSelector {
    return new CalicoSelector(`has(${CALICO_NAMESPACE_LABEL})`, undefined);
  }

  /**
   * The pods of the given namespaces: `projectcalico.org/namespace in {'a', 'b'}`, names
   * sorted so the output does not depend on the order they were listed in.
   */
  public static podsInNamespaces(namespaces: readonly string[]): CalicoSelector {
    const problem = CalicoSelector.findNamespacesProblem(namespaces);
    const set = [...namespaces].sort().map((namespace) => `'${namespace}'`).join(', ');
    return new CalicoSelector(`${CALICO_NAMESPACE_LABEL} in {${set}}`, problem);
  }

  /** A rule's `namespaceSelector` for one namespace: `projectcalico.org/name == 'kube-system'`. */
  public static namespaceNamed(namespace: string): CalicoSelector {
    return new CalicoSelector(`${CALICO_NAME_LABEL} == '${namespace}'`, CalicoSelector.findNamespaceProblem(namespace));
  }

  /** Endpoints carrying all the given labels: `k8s-app == 'kube-dns' && ...`, keys sorted. */
  public static labels(labels: Readonly<Record<string, string>>): CalicoSelector {
    const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const expression = entries.map(([key, value]) => `${key} == '${value}'`).join(' && ');
    return new CalicoSelector(expression, CalicoSelector.findLabelsProblem(entries));
  }

  private constructor(
    /** The expression as written to the manifest. */
    public readonly expression: string,
    private readonly problem: string | undefined,
  ) {}

  /**
   * The expression, for a policy of `scope`.
   * @throws if the factory found a problem, prefixed with `scope`'s path
   */
  public bind(scope: IConstruct): string {
    if (this.problem !== undefined) {
      fail(scope, this.problem);
    }
    return this.expression;
  }

  private static findNamespacesProblem(namespaces: readonly string[]): string | undefined {
    if (namespaces.length === 0) {
      return 'No namespaces given; a selector over an empty set selects no pod, so the policy would silently do nothing. '
        + 'Give at least one namespace, e.g. [\'loki\'].';
    }
    const seen = new Set<string>();
    for (const namespace of namespaces) {
      const problem = CalicoSelector.findNamespaceProblem(namespace);
      if (problem !== undefined) {
        return problem;
      }
      if (seen.has(namespace)) {
        return `Namespace "${namespace}" is listed twice. List each namespace once.`;
      }
      seen.add(namespace);
    }
    return undefined;
  }

  private static findNamespaceProblem(namespace: string): string | undefined {
    if (namespace.length <= MAX_LABEL_LENGTH && DNS_1123_LABEL.test(namespace)) {
      return undefined;
    }
    const suggestion = namespace.toLowerCase().replace(/[^-a-z0-9]+/g, '-').slice(0, MAX_LABEL_LENGTH).replace(/^-+|-+$/g, '');
    return `Namespace "${namespace}" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending `
      + `with a letter or digit, at most ${MAX_LABEL_LENGTH} characters). Did you mean "${suggestion}"?`;
  }

  private static findLabelsProblem(entries: ReadonlyArray<readonly [string, string]>): string | undefined {
    if (entries.length === 0) {
      return 'No labels given; an empty label selector would match every endpoint. Give at least one label, e.g. { \'k8s-app\': \'kube-dns\' }.';
    }
    for (const [key, value] of entries) {
      if (!LABEL_KEY.test(key)) {
        return `Label key "${key}" is not a Kubernetes label key ([prefix/]name, name of letters, digits, "-", "_" and "."). Fix the key.`;
      }
      if (value.length > MAX_LABEL_LENGTH || !LABEL_VALUE.test(value)) {
        return `Label value "${value}" (key "${key}") is not a Kubernetes label value (at most ${MAX_LABEL_LENGTH} letters, digits, "-", "_" and ".", `
          + 'starting and ending with a letter or digit). Fix the value.';
      }
    }
    return undefined;
  }
}
