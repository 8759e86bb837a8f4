import { evaluateSelector } from '../../analyzer/calico/selector';
import { calicoFinding, evaluationOf, field } from '../calico';
import type { Finding, LintRule } from '../types';

/**
 * A Calico selector that matches nothing is a silent no-op: a policy that applies to no pod, or a rule
 * that matches no peer. Judged against the workloads (and NetworkSets) in the input, so it runs only
 * when the input has workloads.
 */
export const calicoSelectorMatchesNothing: LintRule = {
  id: 'calico-selector-matches-nothing',
  severity: 'warning',
  description: "A Calico policy's selector, or a rule's source or destination selector, matches no workload or NetworkSet in the input (runs only when the input has workloads).",
  check(context) {
    const evaluation = evaluationOf(context.model);
    const calico = context.model.calico;
    if (evaluation === undefined || calico === undefined || context.model.workloads.length === 0) return [];
    const findings: Finding[] = [];
    const setLabels = calico.networkSets.map((s) => (s.namespace === undefined ? s.labels : { ...s.labels, 'projectcalico.org/namespace': s.namespace }));
    for (const policy of evaluation.policies) {
      const p = policy.calico;
      if (p === undefined) continue;
      if (!evaluation.endpoints.some((e) => policy.selects(e))) {
        findings.push(
          calicoFinding(
            calicoSelectorMatchesNothing,
            p,
            undefined,
            `The policy's selector ${JSON.stringify(p.selector.text || 'all()')}${p.namespace === undefined ? '' : ` in namespace ${p.namespace}`}${p.namespaceSelector ? ` with namespaceSelector ${JSON.stringify(p.namespaceSelector.text)}` : ''} selects no workload in the input, so the policy applies to no pod. ` +
              'Fix the selector (Calico selectors use ==, in {…}, has(); labels as on the pods) or add the missing workloads to the inventory.',
          ),
        );
      }
      for (const rule of [...policy.ingress, ...policy.egress]) {
        const r = rule.calico!;
        for (const [side, entity] of [['source', r.source], ['destination', r.destination]] as const) {
          if (entity.selector === undefined) continue;
          const root = entity.selector.root;
          const matched = evaluation.endpoints.some((e) => evaluateSelector(root, { labels: e.labels })) || setLabels.some((labels) => evaluateSelector(root, { labels }));
          if (matched) continue;
          findings.push(
            calicoFinding(
              calicoSelectorMatchesNothing,
              p,
              r.line,
              `Rule ${field(rule.direction, rule.index)} ${side}.selector ${JSON.stringify(entity.selector.text)} matches no workload or NetworkSet in the input, so the rule matches no ${side}. Fix the selector or add the missing workloads.`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
