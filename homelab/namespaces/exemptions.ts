/**
 * The namespaces of the cluster that get no default deny (yet), each with the reason. Every namespace of
 * the cluster is either protected (composed in main.ts, with the flows it needs) or listed here, never
 * neither and never both (NetworkPolicyApp refuses a namespace that is both), so no namespace is left open
 * without a stated reason and none is locked out by a blanket deny that forgot its flows. The cluster's
 * namespaces are therefore the composed ones plus these: compare them with the live cluster
 * (`kubectl get namespaces -o name`, see the README's Troubleshooting). Flows may name the pods of an
 * exempt namespace as peers; only the protected end gets a policy. The docs render this table.
 */

/** Why a namespace has no default deny. */
export interface NamespaceExemption {
  /** Specific and true: what runs there and what default deny would break, or why it cannot apply. */
  readonly reason: string;
}

/** Keyed by namespace name, sorted; no key is also composed as a protected namespace. */
export const EXEMPT_NAMESPACES: Readonly<Record<string, NamespaceExemption>> = {
  'calico-apiserver': {
    reason: 'The Calico API server (projectcalico.org/v3, which the calico-global chart is applied through), created and reconciled by the Tigera operator; '
      + 'the Kubernetes API server calls it from the control-plane host as an aggregated API, so a default deny here would stop every Calico policy change, this app\'s included.',
  },
  'calico-system': {
    reason: 'The CNI itself, created and reconciled by the Tigera operator from its Installation: calico-node and calico-typha run with hostNetwork, '
      + 'so NetworkPolicy does not apply to them, and calico-kube-controllers must keep reaching the Kubernetes API; a mistake here breaks pod networking for the whole cluster.',
  },
  'kube-node-lease': { reason: 'Holds only the nodes\' Lease objects (kubelet heartbeats), no pods: a NetworkPolicy would select nothing.' },
  'kube-public': { reason: 'Holds only the cluster-info ConfigMap, no pods: a NetworkPolicy would select nothing.' },
  'linkerd': {
    reason: 'Most likely no longer exists: the homelab chose Istio ambient over Linkerd (imcbeth/homelab .claude/notes/sessions/2026-01-28-istio-ambient-networkpolicy-fixes.md) '
      + 'and later removed the Linkerd manifests as never deployed (.claude/notes/CURRENT.md: "Linkerd dead code removed"); the namespace is listed only because '
      + 'the cluster\'s namespace list was derived from the repository\'s history (manifests/applications/linkerd.yaml, chart linkerd-control-plane 2026.1.4). '
      + 'The owner\'s hand-written linkerd policy is not in their kustomization, so it is not applied either. '
      + 'Needed: `kubectl get namespace linkerd`. NotFound: drop this exemption. Found: protect it with its control plane\'s '
      + 'flows (proxies to destination 8086 and identity 8080, the API server to the proxy injector 8443 and policy validator 9443: from the unused hand-written homelab policy and Linkerd defaults, not verified against the chart).',
  },
  'pihole': {
    reason: 'Most likely holds no workload any more: the homelab removed Pi-hole on 2026-02-27 ("Not needed in cluster": imcbeth/homelab PRs #482 and #483 deleted '
      + 'manifests/applications/pi-hole.yaml, chart pihole 2.34.0 from mojo2600/pihole-kubernetes, and manifests/base/pihole/; .claude/notes session of that day). '
      + 'It is listed only because the cluster\'s namespace list was derived from the repository\'s history, and ArgoCD does not delete a namespace it made with '
      + 'CreateNamespace=true, so an empty namespace may remain. Needed: `kubectl get namespace pihole` and `kubectl get all -n pihole`. NotFound: drop this '
      + 'exemption. Found and empty: delete it (`kubectl delete namespace pihole`), or protect it with default deny alone. '
      + 'Found with pods: protect it with its flows (LAN clients to DNS on UDP and TCP 53 through its MetalLB address, ingress-nginx to the web UI, '
      + 'Pi-hole to its upstream resolvers), which the removed manifests can no longer confirm.',
  },
  'tigera-operator': {
    reason: 'The Tigera operator runs with hostNetwork (it must run before the CNI it installs), so NetworkPolicy does not apply to it; it manages calico-system and calico-apiserver. '
      + 'The owner\'s hand-written tigera-operator policy selects that hostNetwork pod, so it has no effect either; a Calico HostEndpoint policy would be needed to restrict it.',
  },
};

/** DNS-1123 label: what the API server accepts as a namespace name. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL_LENGTH = 63;

/**
 * Everything wrong with the exemptions: a name that is not a DNS-1123 label (so it cannot be a namespace),
 * an exemption without a reason. Empty when every exemption is a namespace with a stated reason. (A
 * namespace both composed and exempt is refused by NetworkPolicyApp when it resolves the flows.)
 */
export function exemptionProblems(exemptions: Readonly<Record<string, NamespaceExemption>>): string[] {
  const problems: string[] = [];
  for (const [name, exemption] of Object.entries(exemptions)) {
    if (name.length > MAX_LABEL_LENGTH || !DNS_1123_LABEL.test(name)) {
      problems.push(`"${name}" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most ${MAX_LABEL_LENGTH} characters), so it cannot be a namespace.`);
    }
    if (exemption.reason.trim() === '') problems.push(`Exempt namespace ${name} has an empty reason. Say what runs there and what default deny would break.`);
  }
  return problems;
}
