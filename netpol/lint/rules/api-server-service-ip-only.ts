import type { IpBlockPeer, NetworkPolicy } from '../../analyzer';
import { contains } from '../../analyzer/ports';
import { formatSelector } from '../../analyzer/selectors';
import { rulePorts } from '../../analyzer/rules';
import { effectiveRules, policyFinding, selectorCovers } from '../helpers';
import type { Finding, LintRule } from '../types';

const SERVICE_PORT = 443;
const ENDPOINT_PORT = 6443;

/**
 * With kube-proxy, a pod's packet to the API Service IP is DNATed to an endpoint (a control-plane
 * address on 6443) before Calico evaluates egress policy, so a rule for ServiceIP:443 alone never
 * matches. The rule is satisfied by an egress rule, in a policy of the same namespace whose podSelector
 * covers this one's, admitting TCP 6443 to an address other than the Service IP (or to every peer).
 */
export const apiServerServiceIpOnly: LintRule = {
  id: 'api-server-service-ip-only',
  severity: 'warning',
  description: "Egress to the API server's Service IP on 443 without egress to its endpoints on 6443, which is what Calico sees after kube-proxy's DNAT.",
  check({ model, options }) {
    const { address, text: serviceIp } = options.apiServiceIp;
    const findings: Finding[] = [];
    for (const policy of model.policies) {
      for (const { direction, rule, path, peerField } of effectiveRules(policy)) {
        if (direction !== 'Egress' || !contains(rulePorts(rule, undefined), 'TCP', SERVICE_PORT)) continue;
        (rule.peers ?? []).forEach((peer, index) => {
          if (peer.type !== 'ipBlock' || !includes(peer, address)) return;
          if (admitsEndpoints(model.policies, policy, address)) return;
          findings.push(
            policyFinding(
              apiServerServiceIpOnly,
              policy,
              peer.line ?? rule.line,
              `Rule ${path} admits the API server's Service IP ${serviceIp} on TCP ${SERVICE_PORT} (${peerField}[${index}]: ipBlock ${peer.cidr}), but no egress rule for these pods ` +
                `(podSelector ${formatSelector(policy.podSelector)}) admits TCP ${ENDPOINT_PORT} to the API server's endpoints. With kube-proxy, Calico evaluates the packet after the ` +
                `Service DNAT, when it is addressed to an endpoint on ${ENDPOINT_PORT}, so this rule alone does not let the pods reach the API server. Add each endpoint as a /32 ` +
                `ipBlock on TCP ${ENDPOINT_PORT} (list them with: kubectl get endpointslice -n default -l kubernetes.io/service-name=kubernetes), keeping this rule for the Service IP.`,
            ),
          );
        });
      }
    }
    return findings;
  },
};

function includes(peer: IpBlockPeer, address: number): boolean {
  return peer.intervals.some((i) => i.start <= address && address <= i.end);
}

/** Whether some rule that applies to `policy`'s pods admits TCP 6443 somewhere other than the Service IP. */
function admitsEndpoints(policies: readonly NetworkPolicy[], policy: NetworkPolicy, serviceIp: number): boolean {
  return policies.some(
    (other) =>
      other.namespace === policy.namespace &&
      other.policyTypes.includes('Egress') &&
      selectorCovers(other.podSelector, policy.podSelector) &&
      other.egress.some(
        (rule) =>
          contains(rulePorts(rule, undefined), 'TCP', ENDPOINT_PORT) &&
          (rule.peers === undefined || rule.peers.some((peer) => peer.type === 'ipBlock' && peer.intervals.some((i) => i.start !== serviceIp || i.end !== serviceIp))),
      ),
  );
}
