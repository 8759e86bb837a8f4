import { IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { labelKeyProblem, labelValueProblem } from '../netpol/analyzer/selectors';
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

// Kubernetes' label syntax is checked by the analyzer's pure selector module (plain functions, no
// cdk8s), so the app refuses exactly what the analyzer refuses when it reads dist/.
const MAX_NAME_LENGTH = 63;

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
    if (labelKeyProblem(key) !== undefined) {
      fail(scope, `appliesToPods key "${key}" is not a valid label key (an optional DNS subdomain prefix and "/", then `
        + `at most ${MAX_NAME_LENGTH} characters: letters, digits, "-", "_" and ".", starting and ending with a letter or digit). `
        + 'Copy the key from `kubectl get pods --show-labels`.');
    }
    if (labelValueProblem(value) !== undefined) {
      fail(scope, `appliesToPods value "${value}" of "${key}" is not a valid label value (at most ${MAX_NAME_LENGTH} characters: `
        + 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit). Copy the value from `kubectl get pods --show-labels`.');
    }
  }
  return { matchLabels: { ...appliesToPods } };
}
