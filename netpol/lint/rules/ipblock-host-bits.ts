import { isCidrProblem, parseCidr } from '../../analyzer/ip-blocks';
import { effectiveRules, policyFinding } from '../helpers';
import type { Finding, LintRule } from '../types';

/**
 * An ipBlock cidr or except with host bits set (`10.1.2.3/8`). The API server accepts it (it reads
 * CIDRs with ParseCIDRSloppy) and the cluster drops the host bits, so the rule covers the whole block
 * `10.0.0.0/8`: the analysis does the same. Usually one address was meant (`/32`) or the prefix is a
 * typo; either way the written form does not say what is enforced.
 */
export const ipblockHostBits: LintRule = {
  id: 'ipblock-host-bits',
  severity: 'warning',
  description: 'An ipBlock cidr or except has host bits set, which Kubernetes drops: the rule covers the whole block, not the address written.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const policy of model.policies) {
      for (const { rule, path, peerField } of effectiveRules(policy)) {
        (rule.peers ?? []).forEach((peer, index) => {
          if (peer.type !== 'ipBlock') return;
          for (const [field, text] of [['cidr', peer.cidr], ...peer.except.map((e, i) => [`except[${i}]`, e] as const)] as const) {
            const parsed = parseCidr(text, { sloppy: true });
            if (isCidrProblem(parsed) || parsed.network === undefined) continue;
            const address = text.slice(0, text.indexOf('/'));
            const single = parsed.family === 'ipv4' ? `${address}/32` : `${address}/128`;
            findings.push(
              policyFinding(
                ipblockHostBits,
                policy,
                peer.line ?? rule.line,
                `Rule ${path} ${peerField}[${index}] ipBlock.${field} "${text}" has host bits set. The API server accepts it and Kubernetes drops them, so the rule ` +
                  `${field === 'cidr' ? 'admits' : 'excludes'} all of ${parsed.network}. Write "${parsed.network}" if the block is meant, or "${single}" for the one address.`,
              ),
            );
          }
        });
      }
    }
    return findings;
  },
};
