import { IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { fail } from './errors';

/** Pod labels, as a policy's `spec.podSelector.matchLabels` or a peer's `podSelector`. */
export type PodLabels = Readonly<Record<string, string>>;

/** Shared by the allow constructs that can apply to some pods of the namespace only. */
export interface PodSelectionProps {
  /**
   * Applies the policy only to the pods with these labels (`spec.podSelector.matchLabels`), for a
   * rule that one workload of the namespace needs, e.g. the webhook pod of cert-manager.
   * @default - every pod of the namespace
   */
  readonly appliesToPods?: PodLabels;
}

// Kubernetes' label syntax (apimachinery validation): a name part of at most 63 characters,
// alphanumeric at both ends with "-", "_" and "." inside, and an optional DNS subdomain prefix.
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAME_LENGTH = 63;
const MAX_PREFIX_LENGTH = 253;

/**
 * The policy's `spec.podSelector` for `appliesToPods`: `{}` (every pod) when absent. Refuses an
 * empty map, which would silently mean every pod, and labels the API server would reject, so the
 * mistake shows at synth with the construct path instead of as a failed ArgoCD sync.
 */
export function podSelectorFor(scope: IConstruct, appliesToPods: PodLabels | undefined): k8s.LabelSelector {
  if (appliesToPods === undefined) {
    return {};
  }
  const entries = Object.entries(appliesToPods);
  if (entries.length === 0) {
    fail(scope, 'appliesToPods is {}, which selects every pod of the namespace. '
      + 'Leave appliesToPods out to apply the policy to every pod, or name the labels of the pods it is for.');
  }
  for (const [key, value] of entries) {
    if (!isLabelKey(key)) {
      fail(scope, `appliesToPods key "${key}" is not a valid label key (an optional DNS subdomain prefix and "/", then `
        + `at most ${MAX_NAME_LENGTH} characters: letters, digits, "-", "_" and ".", starting and ending with a letter or digit). `
        + 'Copy the key from `kubectl get pods --show-labels`.');
    }
    if (value !== '' && !(value.length <= MAX_NAME_LENGTH && LABEL_NAME.test(value))) {
      fail(scope, `appliesToPods value "${value}" of "${key}" is not a valid label value (at most ${MAX_NAME_LENGTH} characters: `
        + 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit). Copy the value from `kubectl get pods --show-labels`.');
    }
  }
  return { matchLabels: { ...appliesToPods } };
}

function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && !(prefix.length <= MAX_PREFIX_LENGTH && DNS_SUBDOMAIN.test(prefix))) {
    return false;
  }
  return name.length <= MAX_NAME_LENGTH && LABEL_NAME.test(name);
}
