import type { LabelSelector, NetworkPolicy, PolicyRule, Workload } from '../../analyzer';
import { contains } from '../../analyzer/ports';
import { formatSelector, matches as selectorMatches } from '../../analyzer/selectors';
import { peerMatchesWorkload, policySelects, rulePorts } from '../../analyzer/rules';
import { listWorkloads, policyFinding, selectorCovers } from '../helpers';
import type { Finding, LintContext, LintRule } from '../types';

const DNS_NAMESPACE = 'kube-system';
const DNS_POD_SELECTOR: LabelSelector = { matchLabels: { 'k8s-app': 'kube-dns' }, matchExpressions: [] };

/**
 * Pods isolated for egress need UDP 53 to the cluster DNS, or every lookup times out. The DNS pods are
 * the input's kube-dns workloads in kube-system when it has them (so named ports and the inventory's
 * labels count); otherwise a stand-in pod labelled k8s-app=kube-dns in kube-system. The pods that need
 * DNS are the namespace's workloads in the input; without any, each egress policy's podSelector must be
 * covered by the podSelector of a policy that admits DNS.
 */
export const missingDnsEgress: LintRule = {
  id: 'missing-dns-egress',
  severity: 'error',
  description: 'Pods isolated for egress have no egress rule admitting UDP 53 to the kube-dns pods in kube-system.',
  check(context) {
    const { model } = context;
    const { pods: dnsPods, target } = dnsTargets(context);
    const admitsDns = (policy: NetworkPolicy): boolean => policy.policyTypes.includes('Egress') && policy.egress.some((rule) => ruleAdmitsDns(context, policy, rule, dnsPods));
    const findings: Finding[] = [];
    const namespaces = [...new Set(model.policies.map((p) => p.namespace))].sort();
    for (const namespace of namespaces) {
      const egressPolicies = model.policies.filter((p) => p.namespace === namespace && p.policyTypes.includes('Egress'));
      if (egressPolicies.length === 0) continue;
      const dnsPolicies = egressPolicies.filter(admitsDns);
      const fix =
        `Add an egress rule to ${formatSelector(DNS_POD_SELECTOR)} pods in ${DNS_NAMESPACE} (one peer: namespaceSelector kubernetes.io/metadata.name=${DNS_NAMESPACE} ` +
        `with podSelector ${formatSelector(DNS_POD_SELECTOR)}) on UDP 53 and TCP 53, in a policy that selects these pods (podSelector {} for the whole namespace).`;
      const workloads = context.workloadsIn(namespace);
      if (workloads.length > 0) {
        const isolated = workloads.filter((w) => egressPolicies.some((p) => policySelects(p, 'Egress', w)));
        const missing = isolated.filter((w) => !dnsPolicies.some((p) => policySelects(p, 'Egress', w)));
        if (missing.length === 0) continue;
        const isolating = egressPolicies.find((p) => policySelects(p, 'Egress', missing[0]))!;
        findings.push(
          policyFinding(
            missingDnsEgress,
            isolating,
            undefined,
            `${missing.length === 1 ? 'Workload' : 'Workloads'} ${listWorkloads(missing)} ${missing.length === 1 ? 'is' : 'are'} isolated for egress, but no policy ` +
              `selecting ${missing.length === 1 ? 'it' : 'them'} admits UDP 53 to ${target}, so DNS lookups time out. ${fix}`,
          ),
        );
        continue;
      }
      const uncovered = egressPolicies.filter((p) => !dnsPolicies.some((q) => selectorCovers(q.podSelector, p.podSelector)));
      if (uncovered.length === 0) continue;
      findings.push(
        policyFinding(
          missingDnsEgress,
          uncovered[0],
          undefined,
          `The pods this policy selects (podSelector ${formatSelector(uncovered[0].podSelector)}) are isolated for egress, but no policy in namespace ${namespace} whose podSelector ` +
            `covers them admits UDP 53 to ${target}, so DNS lookups time out. ${fix}`,
        ),
      );
    }
    return findings;
  },
};

/** The DNS pods to judge rules against, and how messages name them. */
function dnsTargets(context: LintContext): { pods: Workload[]; target: string } {
  const found = context.workloadsIn(DNS_NAMESPACE).filter((w) => selectorMatches(DNS_POD_SELECTOR, w.labels));
  if (found.length > 0) return { pods: found, target: `the kube-dns pods (${listWorkloads(found)})` };
  // No inventory of kube-system: judge the rules against the labels and port names of kubeadm's CoreDNS.
  const standIn: Workload = {
    namespace: DNS_NAMESPACE,
    name: 'coredns',
    kind: 'Deployment',
    labels: DNS_POD_SELECTOR.matchLabels,
    ports: [
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
    ],
    source: { file: '' },
  };
  return { pods: [standIn], target: `pods labelled ${formatSelector(DNS_POD_SELECTOR)} in ${DNS_NAMESPACE}` };
}

function ruleAdmitsDns(context: LintContext, policy: NetworkPolicy, rule: PolicyRule, dnsPods: readonly Workload[]): boolean {
  return dnsPods.some(
    (pod) =>
      (rule.peers === undefined || rule.peers.some((peer) => peerMatchesWorkload(peer, policy.namespace, pod, context.namespaceLabels(pod.namespace)))) &&
      contains(rulePorts(rule, pod), 'UDP', 53),
  );
}
