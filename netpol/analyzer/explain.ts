import { workloadLabel } from './connectivity';
import { excerptText, formatLocation } from './errors';
import { formatIpv4, parseIpv4 } from './ip-blocks';
import { contains, formatPortSet, isEmpty } from './ports';
import { formatPath } from './raw';
import { formatSelector, isEverything } from './selectors';
import { peerMatchesInterval, peerMatchesWorkload, policySelects, portEntryPorts, rulePorts, rulesFor } from './rules';
import type { Direction, Labels, Model, NetworkPolicy, PolicyPeer, PolicyPort, Protocol, UnevaluatedPolicy, Workload } from './types';
import { buildEvaluation, hasCalicoPolicies, type CalicoEvaluation, type EvalPeer } from './calico/evaluate';
import { formatTrace, traceSide, type CalicoSideTrace, type Packet } from './calico/explain';
import { analysisNotes, formatNote, unevaluatedText, type AnalysisNote } from './calico/notes';

/** A query that names something the model does not have, or is malformed. The CLI maps it to a usage error. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/** One end of an explained connection. */
export type ResolvedPeer = { readonly type: 'workload'; readonly workload: Workload } | { readonly type: 'external'; readonly address: number };

/**
 * Resolves `ns/name`, `ns/name[Kind]` or a dotted IPv4 address. `ns/name` matches a workload of any
 * kind; when several kinds share the name, the error lists the `ns/name[Kind]` forms to use.
 */
export function resolvePeer(model: Pick<Model, 'workloads'>, reference: string): ResolvedPeer {
  const address = parseIpv4(reference);
  if (address !== undefined) return { type: 'external', address };
  // Kinds are Go type names, so they may hold digits (K8ssandraCluster, Ec2NodeClass).
  const match = /^([^/\s]+)\/([^/[\s]+)(?:\[([A-Za-z][A-Za-z0-9]*)\])?$/.exec(reference);
  if (match === null) {
    throw new QueryError(`"${reference}" is neither a workload reference nor an IPv4 address; write ns/name (e.g. default/frontend), ns/name[Kind], or an address such as 203.0.113.7.`);
  }
  const [, namespace, name, kind] = match;
  const candidates = model.workloads.filter((w) => w.namespace === namespace && w.name === name && (kind === undefined || w.kind === kind));
  if (candidates.length === 1) return { type: 'workload', workload: candidates[0] };
  if (candidates.length > 1) {
    throw new QueryError(`"${reference}" is ambiguous: ${candidates.map((w) => workloadLabel(w)).join(', ')}. Add the kind, e.g. ${workloadLabel(candidates[0])}.`);
  }
  const sameName = model.workloads.filter((w) => w.name === name).map((w) => workloadLabel(w));
  const inNamespace = model.workloads.filter((w) => w.namespace === namespace).map((w) => workloadLabel(w));
  const hint =
    sameName.length > 0
      ? ` Workloads with that name: ${sameName.slice(0, 5).join(', ')}.`
      : inNamespace.length > 0
        ? ` Workloads in ${namespace}: ${inNamespace.slice(0, 10).join(', ')}${inNamespace.length > 10 ? ', …' : ''}.`
        : ` The namespace ${namespace} has no workloads in the input.`;
  throw new QueryError(`No workload ${reference} in the input.${hint}`);
}

/** The protocols explain takes: TCP, UDP and SCTP with a port; ICMP with a type and code; any other IP protocol by number. */
export type ExplainProtocol = Protocol | 'ICMP' | 'IP';

/** What to explain: a connection from one peer to another on one port (or ICMP message, or IP protocol). */
export interface ExplainQuery {
  /** `ns/name`, `ns/name[Kind]`, an IPv4 address, or an already resolved peer. */
  readonly from: string | ResolvedPeer;
  readonly to: string | ResolvedPeer;
  /** The destination port for TCP, UDP and SCTP; for ICMP the type; for IP the protocol number. */
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: ExplainProtocol;
  /** The ICMP code (protocol ICMP only). @default 0 */
  readonly icmpCode?: number;
}

/** A policy as explanations name it. */
export interface PolicyReference {
  readonly namespace: string;
  readonly name: string;
  readonly file: string;
  readonly line?: number;
}

/** A rule that admits the connection, or (as a near miss) one whose peer matches but not the port. */
export interface RuleReference {
  readonly policy: PolicyReference;
  readonly direction: Direction;
  /** 0-based index into spec.ingress or spec.egress. */
  readonly ruleIndex: number;
  readonly ruleLine?: number;
  /** 0-based index into from/to; undefined when the rule has no peers (it matches all). */
  readonly peerIndex?: number;
  /** e.g. `from[0] podSelector app=web (namespace shop)` or `any peer (no from)`. */
  readonly peer: string;
  /** Admitting rules: the port entry that matched, e.g. `ports[1] 8080/TCP`; near misses: what the rule allows. */
  readonly port: string;
}

/** One side of the connection: the source's egress or the destination's ingress. */
export interface SideExplanation {
  readonly direction: Direction;
  /** The label of the workload or external address on this side. */
  readonly subject: string;
  /**
   * `external`: an address outside the cluster, which no policy governs; `not-isolated`: no policy selects
   * the workload for this direction; `allowed`: a rule admits the connection; `denied`: isolated and no rule does.
   */
  readonly verdict: 'external' | 'not-isolated' | 'allowed' | 'denied';
  readonly selectingPolicies: readonly PolicyReference[];
  readonly admittedBy: readonly RuleReference[];
  /** For denied sides: rules whose peer matches but whose ports do not include the queried one. */
  readonly nearMisses: readonly RuleReference[];
  /**
   * When Calico policies were evaluated: Felix's path through the tiers, which decides the verdict
   * (selectingPolicies, admittedBy and nearMisses then describe the Kubernetes NetworkPolicies only).
   */
  readonly calico?: CalicoSideTrace;
}

export interface Explanation {
  readonly from: string;
  readonly to: string;
  readonly protocol: ExplainProtocol;
  readonly port: number;
  /** ICMP only. */
  readonly icmpCode?: number;
  readonly allowed: boolean;
  readonly egress: SideExplanation;
  readonly ingress: SideExplanation;
  /** Policies in the input that were not evaluated (AdminNetworkPolicy, BaselineAdminNetworkPolicy); the verdict does not account for them. */
  readonly calicoPolicies: readonly UnevaluatedPolicy[];
  /** Every note on the analysis (staged policies, rules that cannot be decided offline, …); absent when none. */
  readonly notes?: readonly AnalysisNote[];
}

/** Whether the policies allow `query` and which policies and rules decide it, side by side. */
export function explain(model: Model, query: ExplainQuery): Explanation {
  const from = typeof query.from === 'string' ? resolvePeer(model, query.from) : query.from;
  const to = typeof query.to === 'string' ? resolvePeer(model, query.to) : query.to;
  if (from.type === 'external' && to.type === 'external') {
    throw new QueryError('Both ends are IP addresses; NetworkPolicies only govern traffic to or from pods, so name a workload on at least one side.');
  }
  const protocol = query.protocol ?? 'TCP';
  const packet = packetOf(protocol, query.port, query.icmpCode);
  const derived = derivedOf(model);
  const namespaceLabels = derived.namespaceLabels;
  const kubernetesProtocol = protocol === 'ICMP' || protocol === 'IP' ? undefined : protocol;
  const context: SideContext = { model, from, to, protocol: kubernetesProtocol ?? 'TCP', port: query.port, namespaceLabels };
  let egress = kubernetesProtocol === undefined ? otherProtocolSide(context, 'Egress') : explainSide(context, 'Egress');
  let ingress = kubernetesProtocol === undefined ? otherProtocolSide(context, 'Ingress') : explainSide(context, 'Ingress');
  if (hasCalicoPolicies(model)) {
    derived.evaluation ??= buildEvaluation(model);
    egress = withCalico(derived.evaluation, egress, from, to, 'Egress', packet);
    ingress = withCalico(derived.evaluation, ingress, to, from, 'Ingress', packet);
  }
  const notes = derived.notes;
  return {
    from: peerLabel(from),
    to: peerLabel(to),
    protocol,
    port: query.port,
    ...(protocol === 'ICMP' ? { icmpCode: query.icmpCode ?? 0 } : {}),
    allowed: egress.verdict !== 'denied' && ingress.verdict !== 'denied',
    egress,
    ingress,
    calicoPolicies: model.calicoPolicies,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * What explain works out from the model alone, kept per model: test suites ask hundreds of questions
 * of one model (netpol/testing), and Calico's evaluation of the whole model is the costly part.
 * Models are plain data that nothing changes after loadManifests, so the cache cannot go stale.
 */
interface Derived {
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
  readonly notes: readonly AnalysisNote[];
  evaluation?: CalicoEvaluation;
}
const derivedByModel = new WeakMap<Model, Derived>();

function derivedOf(model: Model): Derived {
  let derived = derivedByModel.get(model);
  if (derived === undefined) {
    derived = { namespaceLabels: new Map(model.namespaces.map((n) => [n.name, n.labels])), notes: analysisNotes(model) };
    derivedByModel.set(model, derived);
  }
  return derived;
}

function packetOf(protocol: ExplainProtocol, port: number, icmpCode: number | undefined): Packet {
  if (protocol === 'ICMP') {
    if (!Number.isInteger(port) || port < 0 || port > 255) throw new QueryError(`ICMP type ${port} is outside 0-255.`);
    const code = icmpCode ?? 0;
    if (!Number.isInteger(code) || code < 0 || code > 255) throw new QueryError(`ICMP code ${code} is outside 0-255.`);
    return { part: 'ICMP', value: port * 256 + code };
  }
  if (protocol === 'IP') {
    if (!Number.isInteger(port) || port < 0 || port > 255) throw new QueryError(`IP protocol ${port} is outside 0-255.`);
    const named: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 132: 'sctp' };
    if (named[port] !== undefined) throw new QueryError(`IP protocol ${port} is ${named[port].toUpperCase()}; ask for it by name with its ${port === 1 ? 'type, e.g. --port icmp/8/0' : 'port, e.g. --port 443/' + named[port]}.`);
    return { part: 'OTHER', value: port };
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new QueryError(`Port ${port} is outside 1-65535.`);
  }
  return { part: protocol, value: port };
}

/**
 * A side for ICMP or another IP protocol by Kubernetes rules alone: a rule without ports admits every
 * protocol, a rule with ports only its TCP, UDP or SCTP ports.
 */
function otherProtocolSide(context: SideContext, direction: Direction): SideExplanation {
  const start = startSide(context, direction);
  if ('verdict' in start) return start;
  const { other, base, selecting } = start;
  const admittedBy: RuleReference[] = [];
  for (const policy of selecting) {
    rulesFor(policy, direction).forEach((rule, ruleIndex) => {
      if (rule.ports !== undefined) return;
      const peerIndex = rule.peers === undefined ? undefined : rule.peers.findIndex((peer) => peerMatches(context, policy, peer, other));
      if (peerIndex === -1) return;
      admittedBy.push({
        policy: policyReference(policy),
        direction,
        ruleIndex,
        ruleLine: rule.line,
        peerIndex,
        peer: describePeer(policy, direction, peerIndex === undefined ? undefined : rule.peers![peerIndex], peerIndex),
        port: 'any protocol (no ports)',
      });
    });
  }
  return { ...base, verdict: admittedBy.length > 0 ? 'allowed' : 'denied', selectingPolicies: selecting.map(policyReference), admittedBy };
}

/** Felix's verdict for one side, with its tier path; an external side stays outside every policy. */
function withCalico(evaluation: CalicoEvaluation, side: SideExplanation, subject: ResolvedPeer, other: ResolvedPeer, direction: Direction, packet: Packet): SideExplanation {
  if (subject.type === 'external') return side;
  const peer: EvalPeer = other.type === 'external' ? { type: 'external', interval: { start: other.address, end: other.address } } : { type: 'endpoint', endpoint: evaluation.endpointOf(other.workload) };
  const trace = traceSide(evaluation, evaluation.endpointOf(subject.workload), direction, peer, packet);
  const verdict = trace.tiers.length === 0 ? 'not-isolated' : trace.verdict;
  return { ...side, verdict, calico: trace };
}

interface SideContext {
  readonly model: Model;
  readonly from: ResolvedPeer;
  readonly to: ResolvedPeer;
  readonly protocol: Protocol;
  readonly port: number;
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
}

/**
 * The start every side shares: the peer at the other end, the side's fields so far, and the policies
 * that select its subject; or the side already decided, for an external subject (outside every
 * policy) or one that no policy selects.
 */
function startSide(context: SideContext, direction: Direction): SideExplanation | {
  readonly other: ResolvedPeer;
  readonly base: Omit<SideExplanation, 'verdict'>;
  readonly selecting: readonly NetworkPolicy[];
} {
  const subject = direction === 'Egress' ? context.from : context.to;
  const other = direction === 'Egress' ? context.to : context.from;
  const base = { direction, subject: peerLabel(subject), selectingPolicies: [], admittedBy: [], nearMisses: [] };
  if (subject.type === 'external') return { ...base, verdict: 'external' };
  const selecting = context.model.policies.filter((policy) => policySelects(policy, direction, subject.workload));
  if (selecting.length === 0) return { ...base, verdict: 'not-isolated' };
  return { other, base, selecting };
}

function explainSide(context: SideContext, direction: Direction): SideExplanation {
  const start = startSide(context, direction);
  if ('verdict' in start) return start;
  const { other, base, selecting } = start;
  const destination = context.to.type === 'workload' ? context.to.workload : undefined;
  const admittedBy: RuleReference[] = [];
  const nearMisses: RuleReference[] = [];
  for (const policy of selecting) {
    rulesFor(policy, direction).forEach((rule, ruleIndex) => {
      const peerIndex = rule.peers === undefined ? undefined : rule.peers.findIndex((peer) => peerMatches(context, policy, peer, other));
      if (peerIndex === -1) return;
      const reference = {
        policy: policyReference(policy),
        direction,
        ruleIndex,
        ruleLine: rule.line,
        peerIndex,
        peer: describePeer(policy, direction, peerIndex === undefined ? undefined : rule.peers![peerIndex], peerIndex),
      };
      if (rule.ports === undefined) {
        admittedBy.push({ ...reference, port: 'any port (no ports)' });
        return;
      }
      const portIndex = rule.ports.findIndex((entry) => contains(portEntryPorts(entry, destination), context.protocol, context.port));
      if (portIndex >= 0) {
        admittedBy.push({ ...reference, port: describePort(rule.ports[portIndex], portIndex, destination) });
      } else {
        const allowed = rulePorts(rule, destination);
        nearMisses.push({ ...reference, port: isEmpty(allowed) ? 'no port (its named ports do not resolve here)' : `only ${formatPortSet(allowed)}` });
      }
    });
  }
  return {
    ...base,
    verdict: admittedBy.length > 0 ? 'allowed' : 'denied',
    selectingPolicies: selecting.map(policyReference),
    admittedBy,
    nearMisses: admittedBy.length > 0 ? [] : nearMisses,
  };
}

function peerMatches(context: SideContext, policy: NetworkPolicy, peer: PolicyPeer, other: ResolvedPeer): boolean {
  if (other.type === 'external') return peerMatchesInterval(peer, { start: other.address, end: other.address });
  const labels = context.namespaceLabels.get(other.workload.namespace) ?? { 'kubernetes.io/metadata.name': other.workload.namespace };
  return peerMatchesWorkload(peer, policy.namespace, other.workload, labels);
}

function peerLabel(peer: ResolvedPeer): string {
  return peer.type === 'workload' ? workloadLabel(peer.workload) : `${formatIpv4(peer.address)}[External]`;
}

function policyReference(policy: NetworkPolicy): PolicyReference {
  return { namespace: policy.namespace, name: policy.name, file: policy.source.file, line: policy.source.line };
}

function describePeer(policy: NetworkPolicy, direction: Direction, peer: PolicyPeer | undefined, index: number | undefined): string {
  const field = direction === 'Ingress' ? 'from' : 'to';
  if (peer === undefined || index === undefined) return `any peer (no ${field})`;
  const where = formatPath([field, index]);
  if (peer.type === 'ipBlock') {
    return `${where} ipBlock ${peer.cidr}${peer.except.length > 0 ? ` except ${peer.except.join(', ')}` : ''}`;
  }
  const parts: string[] = [];
  if (peer.namespaceSelector !== undefined) {
    parts.push(isEverything(peer.namespaceSelector) ? 'namespaceSelector {} (all namespaces)' : `namespaceSelector ${formatSelector(peer.namespaceSelector)}`);
  }
  if (peer.podSelector !== undefined) parts.push(isEverything(peer.podSelector) ? 'podSelector {} (all pods)' : `podSelector ${formatSelector(peer.podSelector)}`);
  return `${where} ${parts.join(', ')}${peer.namespaceSelector === undefined ? ` in namespace ${policy.namespace}` : ''}`;
}

function describePort(entry: PolicyPort, index: number, destination: Workload | undefined): string {
  const where = formatPath(['ports', index]);
  if (entry.port === undefined) return `${where} every ${entry.protocol} port`;
  if (typeof entry.port === 'string') {
    const resolved = destination?.ports.find((p) => p.name === entry.port);
    return `${where} named port ${entry.port}/${entry.protocol} (${resolved?.containerPort} on ${destination ? workloadLabel(destination) : 'the destination'})`;
  }
  return entry.endPort === undefined ? `${where} ${entry.port}/${entry.protocol}` : `${where} ${entry.port}-${entry.endPort}/${entry.protocol}`;
}

function formatPolicy(policy: PolicyReference): string {
  return `${policy.namespace}/${excerptText(policy.name, 253)} (${formatLocation({ file: policy.file, line: policy.line })})`;
}

function formatRule(rule: RuleReference): string {
  const field = rule.direction === 'Ingress' ? 'spec.ingress' : 'spec.egress';
  const where = formatLocation({ file: rule.policy.file, line: rule.ruleLine ?? rule.policy.line });
  return `${rule.policy.namespace}/${excerptText(rule.policy.name, 253)} ${field}[${rule.ruleIndex}] (${where}): ${rule.peer}; ${rule.port}`;
}

function formatSide(side: SideExplanation): string[] {
  const heading = side.direction === 'Egress' ? `Egress from ${side.subject}` : `Ingress to ${side.subject}`;
  if (side.calico !== undefined) {
    const why = side.calico.tiers.length === 0 ? ' (no tier selects it: the namespace profile allows it)' : side.calico.byProfile ? ' (every tier passed it on: the namespace profile allows it)' : '';
    return [`${heading}: ${side.calico.verdict}${why}`, ...formatTrace(side.calico, side.direction)];
  }
  switch (side.verdict) {
    case 'external':
      return [`${heading}: allowed (an address outside the cluster; NetworkPolicies do not govern it)`];
    case 'not-isolated':
      return [`${heading}: allowed (not isolated: no NetworkPolicy selects it for ${side.direction}, so all traffic is allowed by default)`];
    case 'allowed':
      return [
        `${heading}: allowed`,
        `  selected by: ${side.selectingPolicies.map(formatPolicy).join(', ')}`,
        ...side.admittedBy.map((rule) => `  admitted by: ${formatRule(rule)}`),
      ];
    case 'denied':
      return [
        `${heading}: denied (isolated, and no rule of the selecting policies admits it)`,
        `  selected by: ${side.selectingPolicies.map(formatPolicy).join(', ')}`,
        ...side.nearMisses.map((rule) => `  peer matches but port does not: ${formatRule(rule)}`),
      ];
  }
}

/** A human-readable explanation: verdict line, then each side with policies, rules, files and lines. */
export function formatExplanation(explanation: Explanation): string {
  const what =
    explanation.protocol === 'ICMP'
      ? `ICMP ${explanation.port}/${explanation.icmpCode ?? 0}`
      : explanation.protocol === 'IP'
        ? `IP protocol ${explanation.port}`
        : `${explanation.protocol} ${explanation.port}`;
  const lines = [
    `${explanation.allowed ? 'ALLOWED' : 'DENIED'}: ${explanation.from} => ${explanation.to} on ${what}`,
    ...formatSide(explanation.egress),
    ...formatSide(explanation.ingress),
  ];
  if (explanation.from === explanation.to) {
    // list leaves self pairs out (the np-guard convention), so say why this pair is missing there.
    lines.push('Note: This is traffic between the pods of one workload; `netpol list` never prints a workload\'s connections to itself.');
  }
  if (explanation.notes !== undefined) {
    for (const note of explanation.notes) lines.push(formatNote({ ...note, level: 'note' }));
  } else if (explanation.calicoPolicies.length > 0) {
    lines.push(calicoNote(explanation.calicoPolicies));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The plain statement every output makes when policies were present but not evaluated
 * (AdminNetworkPolicy, BaselineAdminNetworkPolicy); `label` starts it ("Note" in a report, "Warning" on stderr).
 */
export function calicoNote(policies: readonly UnevaluatedPolicy[], label: 'Note' | 'Warning' = 'Note'): string {
  return `${label}: ${unevaluatedText(policies)}`;
}
