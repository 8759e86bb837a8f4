import { calicoFinding, DEFAULT_TIER, evaluationOf } from '../calico';
import type { Direction } from '../../analyzer';
import type { Finding, LintRule } from '../types';

/**
 * A tier whose defaultAction is Deny denies, at its end, everything its policies do not match for
 * every endpoint one of them selects. A policy that only allows (and logs) some flows therefore also
 * denies every other flow of the pods it selects, whatever later tiers (the Kubernetes policies of the
 * default tier included) would allow: the tier selects more than the policy means to. The default
 * tier is left out: its end-of-tier deny is how Kubernetes isolation works.
 */
export const calicoTierEndDeny: LintRule = {
  id: 'calico-tier-end-deny',
  severity: 'warning',
  description: "A non-default tier ending in Deny whose policies only allow: every other flow of the pods they select is denied at the tier's end.",
  check(context) {
    const evaluation = evaluationOf(context.model);
    if (evaluation === undefined) return [];
    const findings: Finding[] = [];
    for (const tier of evaluation.tiers) {
      if (tier.name === DEFAULT_TIER || tier.defaultAction !== 'Deny') continue;
      const policies = evaluation.policies.filter((p) => p.tier === tier);
      for (const direction of ['Ingress', 'Egress'] as Direction[]) {
        const inDirection = policies.filter((p) => p.types.includes(direction));
        const rules = inDirection.flatMap((p) => (direction === 'Ingress' ? p.ingress : p.egress));
        if (inDirection.length === 0 || rules.some((r) => r.action === 'Deny' || r.action === 'Pass')) continue;
        for (const policy of inDirection) {
          if (policy.calico === undefined) continue;
          findings.push(
            calicoFinding(
              calicoTierEndDeny,
              policy.calico,
              undefined,
              `Tier ${tier.name} ends in Deny (defaultAction ${tier.source === undefined ? 'Deny by default' : 'Deny'}), and its policies for ${direction} only allow: ` +
                `every other ${direction.toLowerCase()} of the pods this policy selects (${policy.calico.selector.text === '' ? 'all()' : policy.calico.selector.text}) is denied at the end of tier ${tier.name}, whatever later tiers allow. ` +
                `If the policy means to allow only, add a last rule "action: Pass" or set the tier's defaultAction: Pass; if it means to isolate, add an explicit final "action: Deny".`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
