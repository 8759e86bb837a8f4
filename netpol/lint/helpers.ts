import type { Direction, LabelSelector, LabelSelectorRequirement, NetworkPolicy, PolicyPeer, PolicyRule, Workload } from '../analyzer';
// Values from the analyzer's modules rather than its index, so the synth-time plugin loads only what lint uses.
import { workloadLabel } from '../analyzer/connectivity';
import { formatSelector } from '../analyzer/selectors';
import { describeObject } from '../analyzer/errors';
import type { Finding, LintRule } from './types';

/** `NetworkPolicy ns/name`, the object column of a finding. */
export function policyObject(policy: NetworkPolicy): string {
  return describeObject('NetworkPolicy', policy.name, policy.namespace);
}

/** A finding about `policy`, located at `line` when given, else at the policy itself. */
export function policyFinding(rule: LintRule, policy: NetworkPolicy, line: number | undefined, message: string): Finding {
  return { ruleId: rule.id, severity: rule.severity, file: policy.source.file, line: line ?? policy.source.line, object: policyObject(policy), message };
}

export interface RuleEntry {
  readonly direction: Direction;
  readonly rule: PolicyRule;
  /** `spec.ingress[0]` */
  readonly path: string;
  /** `from` or `to` */
  readonly peerField: 'from' | 'to';
}

/** The rules of a policy that take effect: a direction's rules count only when policyTypes has it. */
export function effectiveRules(policy: NetworkPolicy): RuleEntry[] {
  const entries: RuleEntry[] = [];
  for (const direction of ['Ingress', 'Egress'] as const) {
    if (!policy.policyTypes.includes(direction)) continue;
    const field = direction === 'Ingress' ? 'ingress' : 'egress';
    (direction === 'Ingress' ? policy.ingress : policy.egress).forEach((rule, index) => {
      entries.push({ direction, rule, path: `spec.${field}[${index}]`, peerField: direction === 'Ingress' ? 'from' : 'to' });
    });
  }
  return entries;
}

/** In words, which pods or addresses a peer stands for, e.g. `pods matching app=web in namespace shop`. */
export function describePeer(peer: PolicyPeer, policyNamespace: string): string {
  if (peer.type === 'ipBlock') return `ipBlock ${peer.cidr}${peer.except.length > 0 ? ` except ${peer.except.join(', ')}` : ''}`;
  const pods = peer.podSelector === undefined || isEmptySelector(peer.podSelector) ? 'every pod' : `pods matching ${formatSelector(peer.podSelector)}`;
  let namespaces: string;
  if (peer.namespaceSelector === undefined) namespaces = `in namespace ${policyNamespace}`;
  else if (isEmptySelector(peer.namespaceSelector)) namespaces = 'in every namespace';
  else namespaces = `in namespaces matching ${formatSelector(peer.namespaceSelector)}`;
  return `${pods} ${namespaces}`;
}

/** `TCP 4566, UDP 53`; `every port` for a rule without ports. */
export function describePorts(rule: PolicyRule): string {
  if (rule.ports === undefined) return 'every port';
  return rule.ports
    .map((port) => {
      if (port.port === undefined) return `every ${port.protocol} port`;
      if (typeof port.port === 'string') return `${port.protocol} "${port.port}"`;
      return `${port.protocol} ${port.port}${port.endPort === undefined ? '' : `-${port.endPort}`}`;
    })
    .join(', ');
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/**
 * Whether `outer` certainly selects every object `inner` selects, judged from the selectors alone:
 * each requirement of `outer` is one `inner` also makes (or, for Exists and In, one its matchLabels imply).
 * False means "cannot tell", not "does not".
 */
export function selectorCovers(outer: LabelSelector, inner: LabelSelector): boolean {
  for (const [key, value] of Object.entries(outer.matchLabels)) {
    const implied = inner.matchLabels[key] === value || inner.matchExpressions.some((r) => r.key === key && r.operator === 'In' && r.values.length === 1 && r.values[0] === value);
    if (!implied) return false;
  }
  return outer.matchExpressions.every((requirement) => requirementImplied(requirement, inner));
}

function requirementImplied(requirement: LabelSelectorRequirement, inner: LabelSelector): boolean {
  const same = inner.matchExpressions.some(
    (r) => r.key === requirement.key && r.operator === requirement.operator && r.values.length === requirement.values.length && r.values.every((v) => requirement.values.includes(v)),
  );
  if (same) return true;
  const labelled = Object.prototype.hasOwnProperty.call(inner.matchLabels, requirement.key);
  if (requirement.operator === 'Exists') return labelled;
  if (requirement.operator === 'In') return labelled && requirement.values.includes(inner.matchLabels[requirement.key]);
  return false;
}

/** `a/x[Deployment], a/y[StatefulSet] and 3 more`. */
export function listWorkloads(workloads: readonly Workload[], shown = 3): string {
  const labels = workloads.slice(0, shown).map(workloadLabel);
  const rest = workloads.length - labels.length;
  if (rest > 0) return `${labels.join(', ')} and ${rest} more`;
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}
