import type { Direction, NetworkPolicy } from '../../analyzer';
import { isEmptySelector } from '../helpers';
import type { Finding, LintRule } from '../types';

/**
 * An allow-list only works on top of isolation: a pod that no policy selects for a direction accepts
 * (or sends) everything. A namespace is default-deny when policies with an empty podSelector cover
 * both Ingress and Egress, whether one policy with no rules or several together; selectors that
 * happen to match every pod today do not count, since a new pod with other labels would escape.
 */
export const missingDefaultDeny: LintRule = {
  id: 'missing-default-deny',
  severity: 'error',
  description: 'A namespace in scope lacks an empty-podSelector policy for Ingress or for Egress, so pods no other policy selects are not isolated.',
  check({ model, options }) {
    const byNamespace = new Map<string, NetworkPolicy[]>();
    for (const policy of model.policies) byNamespace.set(policy.namespace, [...(byNamespace.get(policy.namespace) ?? []), policy]);
    const inScope = [...new Set([...byNamespace.keys(), ...options.namespaces])].sort();
    const findings: Finding[] = [];
    for (const namespace of inScope) {
      const policies = byNamespace.get(namespace) ?? [];
      const missing = (['Ingress', 'Egress'] as const).filter((direction: Direction) => !policies.some((p) => isEmptySelector(p.podSelector) && p.policyTypes.includes(direction)));
      if (missing.length === 0) continue;
      const declared = model.namespaces.find((n) => n.name === namespace)?.source;
      const fix = `Add a default-deny policy to ${namespace} (podSelector: {}, policyTypes: [Ingress, Egress], no rules); the other policies then list what is allowed.`;
      const problem =
        policies.length === 0
          ? `Namespace ${namespace} has no NetworkPolicy in the input, so its pods accept and send any traffic.`
          : `Namespace ${namespace} has no default deny for ${missing.join(' or ')}: no NetworkPolicy with an empty podSelector has ${missing.join(' or ')} in its policyTypes, ` +
            `so pods that no other policy selects for ${missing.length === 1 ? 'that direction' : 'those directions'} are not isolated.`;
      findings.push({
        ruleId: missingDefaultDeny.id,
        severity: missingDefaultDeny.severity,
        // The fix is a new policy, so point at the file of the namespace's first policy without a line, or else at its Namespace manifest.
        file: policies[0]?.source.file ?? declared?.file,
        ...(policies.length === 0 && declared?.line !== undefined ? { line: declared.line } : {}),
        object: `Namespace ${namespace}`,
        message: `${problem} ${fix}`,
      });
    }
    return findings;
  },
};
