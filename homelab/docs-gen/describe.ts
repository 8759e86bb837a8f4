import { formatSelector } from '../../netpol/analyzer';
import type { Direction, IpBlockPeer, LabelSelector, Model, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule } from '../../netpol/analyzer';

/**
 * Policies in words, for the summary table. Every sentence is derived from the validated policy
 * objects, so the table cannot drift from what is deployed.
 */

/** Label keys whose value names an application, so "prometheus pods" reads better than a bare selector. */
const NAME_KEYS: readonly string[] = ['app.kubernetes.io/name', 'k8s-app', 'app', 'name'];
const NAMESPACE_NAME_KEY = 'kubernetes.io/metadata.name';

function isEverything(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

function describePods(selector: LabelSelector | undefined): string {
  if (selector === undefined || isEverything(selector)) return 'all pods';
  const entries = Object.entries(selector.matchLabels);
  if (entries.length === 1 && selector.matchExpressions.length === 0 && NAME_KEYS.includes(entries[0][0])) {
    return `${entries[0][1]} pods (\`${formatSelector(selector)}\`)`;
  }
  return `pods \`${formatSelector(selector)}\``;
}

function describeNamespaces(selector: LabelSelector | undefined, policyNamespace: string): string {
  if (selector === undefined) return `in its own namespace \`${policyNamespace}\``;
  if (isEverything(selector)) return 'in any namespace';
  const entries = Object.entries(selector.matchLabels);
  if (entries.length === 1 && selector.matchExpressions.length === 0 && entries[0][0] === NAMESPACE_NAME_KEY) {
    return `in \`${entries[0][1]}\``;
  }
  return `in namespaces \`${formatSelector(selector)}\``;
}

/** `0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12`: also the name of an external node in the graphs. */
export function describeIpBlock(peer: Pick<IpBlockPeer, 'cidr' | 'except'>): string {
  return peer.except.length === 0 ? peer.cidr : `${peer.cidr} except ${peer.except.join(', ')}`;
}

export function describePeer(peer: PolicyPeer, policyNamespace: string): string {
  if (peer.type === 'ipBlock') return describeIpBlock(peer);
  return `${describePods(peer.podSelector)} ${describeNamespaces(peer.namespaceSelector, policyNamespace)}`;
}

/**
 * `TCP 443, 8443`, `UDP/TCP 53` (protocols with the same port list share it), `TCP 8000-9000`,
 * named ports in backticks. Ports keep the rule's order: the reader compares them with the source.
 */
export function describePorts(ports: readonly PolicyPort[] | undefined): string {
  if (ports === undefined) return 'all ports';
  const byProtocol = new Map<string, string[]>();
  for (const entry of ports) {
    const values = byProtocol.get(entry.protocol) ?? [];
    if (entry.port === undefined) values.push('all ports');
    else if (typeof entry.port === 'string') values.push(`\`${entry.port}\``);
    else values.push(entry.endPort === undefined ? `${entry.port}` : `${entry.port}-${entry.endPort}`);
    byProtocol.set(entry.protocol, values);
  }
  const groups: { protocols: string[]; values: string }[] = [];
  for (const [protocol, values] of byProtocol) {
    const text = values.join(', ');
    const same = groups.find((g) => g.values === text);
    if (same === undefined) groups.push({ protocols: [protocol], values: text });
    else same.protocols.push(protocol);
  }
  return groups.map((g) => `${g.protocols.join('/')} ${g.values}`).join('; ');
}

export function describeRule(rule: PolicyRule, policyNamespace: string, direction: Direction): string {
  const peers = rule.peers === undefined
    ? (direction === 'Ingress' ? 'any source (every pod and address)' : 'any destination (every pod and address)')
    : rule.peers.map((peer) => describePeer(peer, policyNamespace)).join(' or ');
  return `${peers} on ${describePorts(rule.ports)}`;
}

/**
 * One line per rule of `direction`, prefixed with the policy name. A policy of that type with no rules
 * gets a line too: it is what isolates the pods (default-deny), which the reader needs to see.
 */
export function describePolicy(policy: NetworkPolicy, direction: Direction): string[] {
  if (!policy.policyTypes.includes(direction)) return [];
  const name = isEverything(policy.podSelector)
    ? `\`${policy.name}\``
    : `\`${policy.name}\` (for pods \`${formatSelector(policy.podSelector)}\`)`;
  const rules = direction === 'Ingress' ? policy.ingress : policy.egress;
  if (rules.length === 0) return [`${name}: nothing (isolates the pods)`];
  return rules.map((rule) => `${name}: ${describeRule(rule, policy.namespace, direction)}`);
}

/** The summary lines of one namespace and direction; a namespace no policy isolates says so. */
export function describeNamespace(model: Pick<Model, 'policies'>, namespace: string, direction: Direction): string[] {
  const lines = model.policies.filter((p) => p.namespace === namespace).flatMap((p) => describePolicy(p, direction));
  return lines.length === 0 ? ['everything (no policy isolates this direction)'] : lines;
}
