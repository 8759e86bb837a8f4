import { formatSelector } from '../../analyzer/selectors';
import { IPV4_SPACE } from '../../analyzer/ip-blocks';
import { describePorts, effectiveRules, isEmptySelector, policyFinding } from '../helpers';
import type { Finding, LintRule } from '../types';

/**
 * Rules that admit a whole class of peers rather than named ones. A warning, not an error: an ingress
 * controller or a public service needs exactly this, and the fix for everything else is to name the peers.
 * Covered: a rule without from/to (every peer, in or out of the cluster), a peer with
 * `namespaceSelector: {}` (every namespace; with a podSelector, anyone who can create a pod with those
 * labels anywhere), and, for ingress, an ipBlock over the whole IPv4 space with no excepts.
 * Egress to 0.0.0.0/0 is left to ipblock-covers-cluster-cidr, because "the internet" is a normal destination.
 */
export const allowAllSources: LintRule = {
  id: 'allow-all-sources',
  severity: 'warning',
  description: 'A rule admits every peer: no from/to, a namespaceSelector {} peer, or an ingress ipBlock 0.0.0.0/0 without excepts.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const policy of model.policies) {
      for (const { direction, rule, path, peerField } of effectiveRules(policy)) {
        const ports = describePorts(rule);
        const who = direction === 'Ingress' ? 'sources' : 'destinations';
        const name = `Name the ${who}: a namespaceSelector on kubernetes.io/metadata.name together with a podSelector, or an ipBlock for the external range`;
        if (rule.peers === undefined) {
          findings.push(
            policyFinding(
              allowAllSources,
              policy,
              rule.line,
              `Rule ${path} has no "${peerField}", so it admits every ${direction === 'Ingress' ? 'source' : 'destination'} (every pod of every namespace and every external address) on ${ports}. ` +
                `${name}; if that exposure is intended (an ingress controller), keep the rule and accept this warning.`,
            ),
          );
          continue;
        }
        rule.peers.forEach((peer, index) => {
          const where = `${path}.${peerField}[${index}]`;
          if (peer.type === 'selector' && peer.namespaceSelector !== undefined && isEmptySelector(peer.namespaceSelector)) {
            const pods = peer.podSelector === undefined || isEmptySelector(peer.podSelector) ? undefined : formatSelector(peer.podSelector);
            const what =
              pods === undefined
                ? `every pod of every namespace on ${ports}`
                : `pods matching ${pods} in every namespace on ${ports}, and anyone who can create a pod in any namespace can give it those labels`;
            findings.push(policyFinding(allowAllSources, policy, peer.line ?? rule.line, `Peer ${where} has namespaceSelector {}, so it admits ${what}. ${name}.`));
          } else if (direction === 'Ingress' && peer.type === 'ipBlock' && peer.intervals.length === 1 && peer.intervals[0].start === IPV4_SPACE.start && peer.intervals[0].end === IPV4_SPACE.end) {
            findings.push(
              policyFinding(
                allowAllSources,
                policy,
                peer.line ?? rule.line,
                `Peer ${where} (ipBlock ${peer.cidr} without excepts) admits every IPv4 address on ${ports}, including the LAN and, with Calico, possibly pods. ` +
                  `Name the sources with a narrower ipBlock, or except the private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) if only the internet is meant.`,
              ),
            );
          }
        });
      }
    }
    return findings;
  },
};
