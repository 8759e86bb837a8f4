import type { SelectorPeer } from '../../analyzer';
import { formatSelector } from '../../analyzer/selectors';
import { describePeer, describePorts, effectiveRules, isEmptySelector, policyFinding } from '../helpers';
import type { Finding, LintRule } from '../types';

/**
 * A rule whose peers include a namespaceSelector-only peer and a podSelector-only peer. Kubernetes ORs
 * the peers of a rule, so the pod selector applies to the policy's own namespace, and the namespace
 * selector admits every pod there: almost always one peer written as two (the seed's DNS rule).
 * An empty podSelector ("my namespace") next to a namespaceSelector is a deliberate OR and is left alone.
 */
export const splitPeer: LintRule = {
  id: 'split-peer',
  severity: 'error',
  description: 'A rule lists a namespaceSelector and a podSelector as two peers (ORed) where one peer with both was meant.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const policy of model.policies) {
      for (const { rule, path, peerField } of effectiveRules(policy)) {
        const indexed = (rule.peers ?? []).map((peer, index) => ({ peer, index }));
        const namespaceOnly = indexed.filter((e): e is { peer: SelectorPeer; index: number } => e.peer.type === 'selector' && e.peer.namespaceSelector !== undefined && e.peer.podSelector === undefined);
        const podOnly = indexed.filter(
          (e): e is { peer: SelectorPeer; index: number } => e.peer.type === 'selector' && e.peer.namespaceSelector === undefined && e.peer.podSelector !== undefined && !isEmptySelector(e.peer.podSelector),
        );
        if (namespaceOnly.length === 0 || podOnly.length === 0) continue;
        const involved = [...namespaceOnly, ...podOnly].sort((a, b) => a.index - b.index);
        const named = involved.map(({ peer, index }) => `${peerField}[${index}] (${describePeer(peer, policy.namespace)})`);
        const namespaceSelector = namespaceOnly[0].peer.namespaceSelector!;
        const podSelector = podOnly[0].peer.podSelector!;
        const lines = involved.map((e) => e.peer.line).filter((line): line is number => line !== undefined);
        findings.push(
          policyFinding(
            splitPeer,
            policy,
            lines.length > 0 ? Math.min(...lines) : rule.line,
            `Rule ${path} lists ${named.slice(0, -1).join(', ')} and ${named[named.length - 1]} as separate peers, which Kubernetes ORs, so the rule also admits ` +
              `${describePeer(namespaceOnly[0].peer, policy.namespace)} on ${describePorts(rule)}. ` +
              `To mean pods matching ${formatSelector(podSelector)} in namespaces matching ${formatSelector(namespaceSelector)}, merge them into one peer ` +
              `(one "-" entry with both namespaceSelector and podSelector); if either peer alone is intended, give each its own rule.`,
          ),
        );
      }
    }
    return findings;
  },
};
