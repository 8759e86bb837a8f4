import { calicoFinding, evaluationOf, field, tiersInUse } from '../calico';
import type { Finding, LintRule } from '../types';

/**
 * Pass hands a packet to the next tier. In the last tier there is none: the packet reaches the
 * endpoint's profile, which for Kubernetes pods allows everything, so Pass there means Allow. The
 * same holds for a last tier whose defaultAction is Pass.
 */
export const calicoPassInLastTier: LintRule = {
  id: 'calico-pass-in-last-tier',
  severity: 'warning',
  description: 'A Calico Pass rule (or defaultAction Pass) in the last tier, where Pass means Allow.',
  check(context) {
    const evaluation = evaluationOf(context.model);
    if (evaluation === undefined) return [];
    const tiers = tiersInUse(evaluation);
    const last = tiers[tiers.length - 1];
    const findings: Finding[] = [];
    const why = `tier ${last} is the last tier with policies, so what it passes reaches the pods' namespace profile, which allows everything: Pass here means Allow.`;
    for (const policy of evaluation.policies) {
      if (policy.tier.name !== last || policy.calico === undefined) continue;
      for (const rule of [...policy.ingress, ...policy.egress]) {
        if (rule.action !== 'Pass') continue;
        findings.push(calicoFinding(calicoPassInLastTier, policy.calico, rule.line, `Rule ${field(rule.direction, rule.index)} is Pass, but ${why} Write Allow if that is meant, Deny if not, or add the tier that should decide after ${last}.`));
      }
    }
    const tier = evaluation.tiers.find((t) => t.name === last);
    if (tier?.defaultAction === 'Pass' && tier.source !== undefined) {
      findings.push({
        ruleId: calicoPassInLastTier.id,
        severity: calicoPassInLastTier.severity,
        file: tier.source.file,
        line: tier.source.line,
        object: `Tier ${tier.name}`,
        message: `Field spec.defaultAction is Pass, but ${why} Set defaultAction: Deny, or give the tier an order before the default tier (1000000).`,
      });
    }
    return findings;
  },
};
