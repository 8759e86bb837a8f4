import { formatSelector } from '../../analyzer/selectors';
import { policySelects } from '../../analyzer/rules';
import { listWorkloads, policyFinding } from '../helpers';
import type { Finding, LintRule } from '../types';

/**
 * NetworkPolicy applies to pods in their own network namespace. A hostNetwork pod uses the node's
 * addresses, so a policy selecting it neither isolates it nor admits anything for it (Calico would need
 * a HostEndpoint policy). Runs only when the input has workloads.
 */
export const hostNetworkSelected: LintRule = {
  id: 'host-network-selected',
  severity: 'warning',
  description: 'A policy selects hostNetwork workloads, which NetworkPolicy does not apply to.',
  check(context) {
    const findings: Finding[] = [];
    for (const policy of context.model.policies) {
      const selected = context.workloadsIn(policy.namespace).filter((w) => w.hostNetwork === true && (policySelects(policy, 'Ingress', w) || policySelects(policy, 'Egress', w)));
      if (selected.length === 0) continue;
      findings.push(
        policyFinding(
          hostNetworkSelected,
          policy,
          undefined,
          `Field spec.podSelector ${formatSelector(policy.podSelector)} selects the hostNetwork ${selected.length === 1 ? 'workload' : 'workloads'} ${listWorkloads(selected)}. ` +
            'NetworkPolicy does not apply to pods on the host network (their traffic is the node\'s), so this policy neither isolates nor admits anything for them. ' +
            'Narrow the podSelector to leave them out (e.g. a NotIn expression on their labels) and protect them with a Calico HostEndpoint policy if needed.',
        ),
      );
    }
    return findings;
  },
};
