import type { PolicyPort, Workload } from '../../analyzer';
import { workloadLabel } from '../../analyzer/connectivity';
import { peerMatchesWorkload, policySelects } from '../../analyzer/rules';
import { effectiveRules, listWorkloads, policyFinding } from '../helpers';
import type { Finding, LintRule } from '../types';

/**
 * A named port resolves against the destination pod's container ports, by name and protocol; when no
 * destination declares it, the entry admits nothing. Destinations: for ingress, the pods the policy
 * selects; for egress, the pods the rule's peers match. Runs only when the input has workloads, and
 * skips rules with no destination at all (selector-matches-nothing reports those).
 */
export const unknownNamedPort: LintRule = {
  id: 'unknown-named-port',
  severity: 'warning',
  description: 'A named port that no destination workload declares (with that protocol), so the port entry admits nothing.',
  check(context) {
    const { model } = context;
    if (model.workloads.length === 0) return [];
    const findings: Finding[] = [];
    for (const policy of model.policies) {
      for (const { direction, rule, path, peerField } of effectiveRules(policy)) {
        const named = (rule.ports ?? []).filter((p): p is PolicyPort & { port: string } => typeof p.port === 'string');
        if (named.length === 0) continue;
        let destinations: readonly Workload[];
        if (direction === 'Ingress') destinations = context.workloadsIn(policy.namespace).filter((w) => policySelects(policy, 'Ingress', w));
        else if (rule.peers === undefined) destinations = model.workloads;
        else destinations = model.workloads.filter((w) => rule.peers!.some((peer) => peerMatchesWorkload(peer, policy.namespace, w, context.namespaceLabels(w.namespace))));
        if (destinations.length === 0) continue;
        const who = direction === 'Ingress' ? 'the pods this policy selects' : `the pods ${path}.${peerField} matches`;
        for (const entry of named) {
          if (destinations.some((w) => w.ports.some((p) => p.name === entry.port && p.protocol === entry.protocol))) continue;
          const otherProtocol = destinations.find((w) => w.ports.some((p) => p.name === entry.port));
          const problem =
            otherProtocol === undefined
              ? `none of ${who} (${listWorkloads(destinations)}) declares a container port named "${entry.port}"`
              : `${workloadLabel(otherProtocol)} declares "${entry.port}" as ${otherProtocol.ports.find((p) => p.name === entry.port)!.protocol}, not ${entry.protocol}, and no other of ${who} declares it`;
          const fix =
            otherProtocol === undefined
              ? `Use the name a container declares (kubectl get pods -n <namespace> -o jsonpath='{.items[*].spec.containers[*].ports}') or the port number.`
              : `Set protocol: ${otherProtocol.ports.find((p) => p.name === entry.port)!.protocol} on the entry.`;
          findings.push(
            policyFinding(unknownNamedPort, policy, rule.line, `Named port "${entry.port}" (${entry.protocol}) in ${path}.ports admits nothing: ${problem}. ${fix}`),
          );
        }
      }
    }
    return findings;
  },
};
