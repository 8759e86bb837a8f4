import { calicoFinding, endsEverything, evaluationOf, field, isUnconditional, shadowingPolicy } from '../calico';
import type { Direction } from '../../analyzer';
import type { Finding, LintRule } from '../types';

/**
 * A rule after one that matches every packet (an Allow, Deny or Pass without criteria) is never
 * evaluated; a Log rule there logs nothing, which is easy to miss. Likewise a whole policy that, for
 * every pod of the input it selects, comes after a policy of the same tier that decides every packet
 * (needs workloads), such as a policy without order behind an order-10000 log-and-deny.
 */
export const calicoRuleNeverReached: LintRule = {
  id: 'calico-rule-never-reached',
  severity: 'warning',
  description: 'A Calico rule (a Log rule above all) or a whole policy that is never reached, because an earlier rule or policy matches every packet first.',
  check(context) {
    const evaluation = evaluationOf(context.model);
    if (evaluation === undefined) return [];
    const findings: Finding[] = [];
    for (const policy of evaluation.policies) {
      const p = policy.calico;
      if (p === undefined) continue;
      for (const direction of ['Ingress', 'Egress'] as Direction[]) {
        const rules = direction === 'Ingress' ? p.ingress : p.egress;
        const stop = rules.findIndex((r) => r.action !== 'Log' && isUnconditional(r));
        for (const rule of rules.slice(stop < 0 ? rules.length : stop + 1)) {
          findings.push(
            calicoFinding(
              calicoRuleNeverReached,
              p,
              rule.line,
              `${rule.action === 'Log' ? 'Log rule' : 'Rule'} ${field(direction, rule.index)} comes after ${field(direction, rules[stop].index)} (${rules[stop].action} with no criteria), which matches every packet, so it is never reached${rule.action === 'Log' ? ' and logs nothing' : ''}. ` +
                'Move it before that rule, or remove it.',
            ),
          );
        }
        if (!p.types.includes(direction) || rules.length === 0) continue;
        const selected = evaluation.endpoints.map((e, i) => (policy.selects(e) ? i : -1)).filter((i) => i >= 0);
        if (selected.length === 0) continue;
        const shadows = selected.map((i) => shadowingPolicy(evaluation, policy, i, direction));
        if (shadows.some((s) => s === undefined)) continue;
        const first = shadows[0]!;
        const rule = (direction === 'Ingress' ? first.ingress : first.egress).find(endsEverything)!;
        findings.push(
          calicoFinding(
            calicoRuleNeverReached,
            p,
            undefined,
            `The policy's ${direction.toLowerCase()} rules are never reached for any workload it selects in the input: ${first.display} (order ${first.order ?? 'none'}, ${first.source.file}${first.source.line === undefined ? '' : `:${first.source.line}`}) comes first in tier ${policy.tier.name} ` +
              `(this policy's order is ${policy.order ?? 'none, so it sorts last'}) and its ${field(direction, rule.index)} ${rule.action} matches every packet. Give this policy an order below ${first.order ?? 'that policy'}'s, or move it to an earlier tier.`,
          ),
        );
      }
    }
    return findings;
  },
};
