import { formatSelector, matches as selectorMatches } from '../../analyzer/selectors';
import { peerMatchesWorkload } from '../../analyzer/rules';
import { describePeer, effectiveRules, policyFinding } from '../helpers';
import type { Finding, LintRule } from '../types';

/**
 * A selector that matches no pod is a silent no-op: a typo in a podSelector turns an allow rule into
 * nothing and a policy into one that protects nothing. Judged against the workloads in the input (the
 * inventory), so it runs only when there are some; a namespace the inventory leaves out reads as empty.
 */
export const selectorMatchesNothing: LintRule = {
  id: 'selector-matches-nothing',
  severity: 'warning',
  description: "A policy's podSelector or a rule's peer selector matches no workload in the input (runs only when the input has workloads).",
  check(context) {
    const { model } = context;
    if (model.workloads.length === 0) return [];
    const checkPods = (namespace: string) => `check the labels with: kubectl get pods -n ${namespace} --show-labels`;
    const findings: Finding[] = [];
    for (const policy of model.policies) {
      const own = context.workloadsIn(policy.namespace);
      if (!own.some((w) => selectorMatches(policy.podSelector, w.labels))) {
        const empty = own.length === 0 ? ` (the input has no workloads in ${policy.namespace})` : '';
        findings.push(
          policyFinding(
            selectorMatchesNothing,
            policy,
            undefined,
            `Field spec.podSelector ${formatSelector(policy.podSelector)} selects no workload of namespace ${policy.namespace} in the input${empty}, so the policy applies to no pod. ` +
              `Fix the selector (${checkPods(policy.namespace)}) or add the missing workloads to the inventory.`,
          ),
        );
      }
      for (const { rule, path, peerField } of effectiveRules(policy)) {
        (rule.peers ?? []).forEach((peer, index) => {
          if (peer.type !== 'selector') return;
          if (model.workloads.some((w) => peerMatchesWorkload(peer, policy.namespace, w, context.namespaceLabels(w.namespace)))) return;
          const namespaceSelector = peer.namespaceSelector;
          const noNamespace =
            namespaceSelector !== undefined && !model.namespaces.some((n) => selectorMatches(namespaceSelector, n.labels))
              ? ` No namespace in the input matches namespaceSelector ${formatSelector(namespaceSelector)}.`
              : '';
          findings.push(
            policyFinding(
              selectorMatchesNothing,
              policy,
              peer.line ?? rule.line,
              `Peer ${path}.${peerField}[${index}] (${describePeer(peer, policy.namespace)}) matches no workload in the input, so it admits nothing.${noNamespace} ` +
                `Fix the selector (${checkPods(namespaceSelector === undefined ? policy.namespace : '<namespace>')}) or add the missing workloads to the inventory.`,
            ),
          );
        });
      }
    }
    return findings;
  },
};
