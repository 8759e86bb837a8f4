/**
 * Turns a ConnectivitySpec into the exact connection matrix it promises for a given inventory, and
 * compares that with what the analyzer computes from the policies. Pure: a Model in, plain data out.
 *
 * Both matrices are keyed by np-guard's "src => dst" labels. External peers are compared on a
 * common split of the address space: the analyzer's atoms cut further at the spec's own CIDR edges,
 * so a spec range the policies do not mention shows up as its own row instead of being hidden in a
 * larger atom.
 */
import {
  explain,
  externalAtoms,
  formatExplanation,
  formatPortSet,
  intersect,
  isEmpty,
  listConnections,
  NO_PORTS,
  portRange,
  union,
  workloadLabel,
  type Direction,
  type IpInterval,
  type Model,
  type PortSet,
  type Protocol,
  type ResolvedPeer,
  type Workload,
} from '../../netpol/analyzer';
// The IPv4 interval helpers are not part of the analyzer's public API, but they are exactly the
// arithmetic the analyzer's own atoms are made with, so the two splits cannot disagree.
import { formatInterval, isCidrProblem, parseCidr, splitIntoAtoms, subtractIntervals } from '../../netpol/analyzer/ip-blocks';
import type { ConnectivitySpec, SpecPeer, SpecPort } from './types';

/** One end of a flow: an inventory workload, or a range of addresses outside the cluster. */
export type Endpoint = WorkloadEndpoint | ExternalEndpoint;
export interface WorkloadEndpoint {
  readonly type: 'workload';
  readonly workload: Workload;
  readonly label: string;
}
export interface ExternalEndpoint {
  readonly type: 'external';
  readonly interval: IpInterval;
  readonly label: string;
}

/** Allowed or declared ports from one endpoint to another. */
export interface Flow {
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly ports: PortSet;
}

export interface MatrixCheck {
  /** Namespaces the spec protects (its keys). */
  readonly protectedNamespaces: readonly string[];
  /** Mistakes in the spec itself (unknown workloads, one-sided declarations, bad ports or CIDRs). */
  readonly problems: readonly string[];
  /** What the spec promises, keyed by "src => dst". */
  readonly expected: ReadonlyMap<string, Flow>;
  /** What the policies allow into or out of a protected namespace, keyed by "src => dst". */
  readonly actual: ReadonlyMap<string, Flow>;
  /** Ports the policies allow that the spec does not declare, per pair. */
  readonly unexpected: readonly Flow[];
  /** Ports the spec declares that the policies deny, per pair. */
  readonly missing: readonly Flow[];
}

/** `'TCP/4566'` or `'TCP/8000-8100'` as a PortSet; throws with the fix when the text is malformed. */
export function parseSpecPort(text: string): PortSet {
  const match = /^(TCP|UDP|SCTP)\/(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (match === null) {
    throw new Error(`Port "${text}" is not PROTOCOL/PORT; write it like 'TCP/4566', 'UDP/53' or 'TCP/8000-8100' (protocol in capitals).`);
  }
  const start = Number(match[2]);
  const end = match[3] === undefined ? start : Number(match[3]);
  if (start < 1 || end > 65535) throw new Error(`Port "${text}" is outside 1-65535; use a port in that range.`);
  if (end < start) throw new Error(`Port range "${text}" ends below its start; did you mean '${match[1]}/${end}-${start}'?`);
  return portRange(match[1] as Protocol, start, end);
}

/** `a` without the ports of `b`. */
export function portDifference(a: PortSet, b: PortSet): PortSet {
  let result = NO_PORTS;
  for (const protocol of ['SCTP', 'TCP', 'UDP'] as const) {
    const holes = b[protocol];
    const ranges = a[protocol];
    for (let i = 0; i < ranges.length; i += 2) {
      let next = ranges[i];
      const end = ranges[i + 1];
      for (let j = 0; j < holes.length && next <= end; j += 2) {
        if (holes[j + 1] < next || holes[j] > end) continue;
        if (holes[j] > next) result = union(result, portRange(protocol, next, holes[j] - 1));
        next = holes[j + 1] + 1;
      }
      if (next <= end) result = union(result, portRange(protocol, next, end));
    }
  }
  return result;
}

/** The lowest port of a non-empty set, TCP first, as the one port `netpol explain` is asked about. */
export function samplePort(ports: PortSet): { protocol: Protocol; port: number } {
  for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
    if (ports[protocol].length > 0) return { protocol, port: ports[protocol][0] };
  }
  throw new Error('An empty port set has no sample port; only call samplePort on a flow that has ports.');
}

export function flowKey(src: Endpoint, dst: Endpoint): string {
  return `${src.label} => ${dst.label}`;
}

/** The matrix as `"src => dst" → "TCP 4566"` lines, for readable comparisons. */
export function formatMatrix(flows: ReadonlyMap<string, Flow>): Map<string, string> {
  return new Map([...flows].map(([key, flow]) => [key, formatPortSet(flow.ports)]));
}

/** Expands `spec` over the model's workloads, computes the policies' matrix, and diffs the two. */
export function checkMatrix(spec: ConnectivitySpec, model: Model): MatrixCheck {
  const protectedNamespaces = Object.keys(spec.namespaces);
  const isProtected = (endpoint: Endpoint): boolean => endpoint.type === 'workload' && protectedNamespaces.includes(endpoint.workload.namespace);
  const problems: string[] = [];
  const workloads = model.workloads.map(workloadEndpoint);

  const cidrs = parseSpecCidrs(spec, problems);
  const atoms = {
    Ingress: refineAtoms(externalAtoms(model, 'Ingress'), cidrs.Ingress),
    Egress: refineAtoms(externalAtoms(model, 'Egress'), cidrs.Egress),
  };

  const resolveWorkload = (reference: string, where: string): WorkloadEndpoint[] => {
    const match = /^([^/\s]+)\/([^/[\s]+)(?:\[([A-Za-z]+)\])?$/.exec(reference);
    if (match === null) {
      problems.push(`${where}: workload "${reference}" is not ns/name; write it like 'default/test-pod' (or 'ns/name[Kind]').`);
      return [];
    }
    const [, namespace, name, kind] = match;
    const found = workloads.filter((w) => w.workload.namespace === namespace && w.workload.name === name && (kind === undefined || w.workload.kind === kind));
    if (found.length === 0) {
      problems.push(`${where}: workload "${reference}" is not in the inventory. Fix the name, or add the workload to inventory/workloads.yaml.`);
    } else if (found.length > 1) {
      problems.push(`${where}: workload "${reference}" is ambiguous (${found.map((w) => w.label).join(', ')}); add the kind, e.g. '${namespace}/${name}[${found[0].workload.kind}]'.`);
      return [];
    }
    return found;
  };

  for (const [role, references] of Object.entries<readonly string[]>(spec.roles)) {
    for (const reference of references) resolveWorkload(reference, `Role "${role}"`);
  }

  const expandPeer = (peer: SpecPeer, direction: Direction, where: string): Endpoint[] => {
    if ('namespace' in peer) {
      const members = workloads.filter((w) => w.workload.namespace === peer.namespace);
      if (members.length === 0) problems.push(`${where}: namespace "${peer.namespace}" has no workloads in the inventory. Fix the name, or add its workloads to inventory/workloads.yaml.`);
      return members;
    }
    if ('workload' in peer) return resolveWorkload(peer.workload, where);
    if ('role' in peer) {
      const references = (spec.roles as Readonly<Record<string, readonly string[]>>)[peer.role];
      if (references === undefined) {
        problems.push(`${where}: role "${peer.role}" is not defined. Add it to the spec's roles, or use one of: ${Object.keys(spec.roles).join(', ')}.`);
        return [];
      }
      // Role workloads are checked once above; unknown ones simply expand to nothing here.
      return references.flatMap((reference) => workloads.filter((w) => matchesReference(w, reference)));
    }
    const intervals = cidrs.intervals.get(peer);
    if (intervals === undefined) return [];
    return atoms[direction]
      .filter((atom) => intervals.some((interval) => interval.start <= atom.start && atom.end <= interval.end))
      .map((interval) => ({ type: 'external', interval, label: `${formatInterval(interval)}[External]` }));
  };

  const declaredIngress = new Map<string, Flow>();
  const declaredEgress = new Map<string, Flow>();
  for (const [namespace, entry] of Object.entries(spec.namespaces)) {
    const members = workloads.filter((w) => w.workload.namespace === namespace);
    if (members.length === 0) {
      problems.push(`Namespace "${namespace}" is protected but has no workloads in the inventory, so nothing about it can be checked. Add its workloads to inventory/workloads.yaml.`);
    }
    const subjects = (appliesTo: readonly string[] | undefined, where: string): WorkloadEndpoint[] => {
      if (appliesTo === undefined) return members;
      for (const name of appliesTo) {
        if (!members.some((m) => m.workload.name === name)) {
          problems.push(`${where}: appliesTo names "${name}", which is not a workload of ${namespace} in the inventory. Use one of: ${members.map((m) => m.workload.name).join(', ') || '(none)'}.`);
        }
      }
      return members.filter((m) => appliesTo.includes(m.workload.name));
    };
    entry.ingress.forEach((rule, index) => {
      const where = `${namespace} ingress[${index}] (${rule.why})`;
      const ports = specPorts(rule.ports, where, problems);
      const receivers = subjects(rule.appliesTo, where);
      for (const src of expandPeer(rule.from, 'Ingress', where)) for (const dst of receivers) declare(declaredIngress, src, dst, ports);
    });
    entry.egress.forEach((rule, index) => {
      const where = `${namespace} egress[${index}] (${rule.why})`;
      const ports = specPorts(rule.ports, where, problems);
      const senders = subjects(rule.appliesTo, where);
      for (const dst of expandPeer(rule.to, 'Egress', where)) for (const src of senders) declare(declaredEgress, src, dst, ports);
    });
  }

  const expected = new Map<string, Flow>();
  for (const key of sortedKeys([...declaredIngress.keys(), ...declaredEgress.keys()])) {
    const ingress = declaredIngress.get(key);
    const egress = declaredEgress.get(key);
    const { src, dst } = (ingress ?? egress)!;
    let ports: PortSet;
    if (isProtected(src) && isProtected(dst)) {
      const out = egress?.ports ?? NO_PORTS;
      const into = ingress?.ports ?? NO_PORTS;
      if (formatPortSet(out) !== formatPortSet(into)) {
        const srcNamespace = (src as WorkloadEndpoint).workload.namespace;
        const dstNamespace = (dst as WorkloadEndpoint).workload.namespace;
        problems.push(
          `${key}: ${srcNamespace}'s egress declares ${describe(out)} but ${dstNamespace}'s ingress declares ${describe(into)}. ` +
            'Both namespaces are protected and the connection needs both sides, so declare the same ports in both entries.',
        );
      }
      ports = intersect(out, into);
    } else {
      ports = (isProtected(src) ? egress?.ports : ingress?.ports) ?? NO_PORTS;
    }
    if (!isEmpty(ports)) expected.set(key, { src, dst, ports });
  }

  const actual = new Map<string, Flow>();
  for (const connection of listConnections(model)) {
    const src = connection.src.type === 'workload' ? workloadEndpoint(connection.src.workload) : undefined;
    const dst = connection.dst.type === 'workload' ? workloadEndpoint(connection.dst.workload) : undefined;
    if (!(src !== undefined && isProtected(src)) && !(dst !== undefined && isProtected(dst))) continue;
    const sources = connection.src.type === 'external' ? atomsInside(atoms.Ingress, connection.src.interval) : [src!];
    const destinations = connection.dst.type === 'external' ? atomsInside(atoms.Egress, connection.dst.interval) : [dst!];
    for (const s of sources) for (const d of destinations) actual.set(flowKey(s, d), { src: s, dst: d, ports: connection.ports });
  }

  return { protectedNamespaces, problems, expected, actual, ...diff(expected, actual) };
}

/**
 * The failure report: each unexpected and missing flow with the `netpol explain` text for its
 * lowest port, so the reader sees which policy (or lack of one) decides it. Empty when they agree.
 */
export function formatMatrixReport(check: Pick<MatrixCheck, 'unexpected' | 'missing'>, model: Model): string {
  const section = (heading: string, flows: readonly Flow[]): string[] => {
    if (flows.length === 0) return [];
    const lines = [heading];
    for (const flow of flows) {
      lines.push(`  ${flowKey(flow.src, flow.dst)} : ${formatPortSet(flow.ports)}`);
      const { protocol, port } = samplePort(flow.ports);
      const text = formatExplanation(explain(model, { from: resolved(flow.src), to: resolved(flow.dst), port, protocol }));
      lines.push(...text.trimEnd().split('\n').map((line) => `    ${line}`));
    }
    return lines;
  };
  return [
    ...section('unexpected (allowed but not in the spec):', check.unexpected),
    ...section('missing (in the spec but denied):', check.missing),
  ].join('\n');
}

function workloadEndpoint(workload: Workload): WorkloadEndpoint {
  return { type: 'workload', workload, label: workloadLabel(workload) };
}

function resolved(endpoint: Endpoint): ResolvedPeer {
  return endpoint.type === 'workload' ? { type: 'workload', workload: endpoint.workload } : { type: 'external', address: endpoint.interval.start };
}

function matchesReference(endpoint: WorkloadEndpoint, reference: string): boolean {
  const { namespace, name, kind } = endpoint.workload;
  return reference === `${namespace}/${name}` || reference === `${namespace}/${name}[${kind}]`;
}

function declare(map: Map<string, Flow>, src: Endpoint, dst: Endpoint, ports: PortSet): void {
  // The analyzer never lists a workload talking to itself, so the spec does not promise it either.
  if (src.type === 'workload' && dst.type === 'workload' && src.workload === dst.workload) return;
  const key = flowKey(src, dst);
  const previous = map.get(key);
  map.set(key, { src, dst, ports: previous === undefined ? ports : union(previous.ports, ports) });
}

function specPorts(ports: readonly SpecPort[], where: string, problems: string[]): PortSet {
  if (ports.length === 0) {
    problems.push(`${where}: no ports. List each port, e.g. 'TCP/8080'; the spec never means "every port".`);
    return NO_PORTS;
  }
  let result = NO_PORTS;
  for (const text of ports) {
    try {
      result = union(result, parseSpecPort(text));
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  return result;
}

interface SpecCidrs {
  /** Allowed intervals (cidr minus excepts) per CIDR peer object. */
  readonly intervals: Map<SpecPeer, IpInterval[]>;
  readonly Ingress: IpInterval[];
  readonly Egress: IpInterval[];
}

function parseSpecCidrs(spec: ConnectivitySpec, problems: string[]): SpecCidrs {
  const result: SpecCidrs = { intervals: new Map(), Ingress: [], Egress: [] };
  const visit = (peer: SpecPeer, direction: Direction, where: string): void => {
    if (!('cidr' in peer)) return;
    const block = parseIpv4Cidr(peer.cidr, where, problems);
    if (block === undefined) return;
    const holes: IpInterval[] = [];
    for (const text of peer.except ?? []) {
      const hole = parseIpv4Cidr(text, `${where} except`, problems);
      if (hole === undefined) continue;
      if (hole.start < block.start || hole.end > block.end || (hole.start === block.start && hole.end === block.end)) {
        problems.push(`${where}: except "${text}" is not strictly inside "${peer.cidr}". Remove it or narrow it.`);
        continue;
      }
      holes.push(hole);
    }
    const intervals = subtractIntervals(block, holes);
    result.intervals.set(peer, intervals);
    result[direction].push(...intervals);
  };
  for (const [namespace, entry] of Object.entries(spec.namespaces)) {
    entry.ingress.forEach((rule, index) => visit(rule.from, 'Ingress', `${namespace} ingress[${index}] (${rule.why})`));
    entry.egress.forEach((rule, index) => visit(rule.to, 'Egress', `${namespace} egress[${index}] (${rule.why})`));
  }
  return result;
}

function parseIpv4Cidr(text: string, where: string, problems: string[]): IpInterval | undefined {
  const parsed = parseCidr(text);
  if (isCidrProblem(parsed)) {
    problems.push(`${where}: CIDR "${text}": ${parsed.problem}.${parsed.suggestion === undefined ? '' : ` Did you mean "${parsed.suggestion}"?`}`);
    return undefined;
  }
  if (parsed.family !== 'ipv4') {
    problems.push(`${where}: CIDR "${text}" is IPv6; the analyzer models IPv4 only, so write the IPv4 range.`);
    return undefined;
  }
  return parsed.interval;
}

/** The analyzer's atoms, cut again at the edges of the spec's own ranges. */
function refineAtoms(atoms: readonly IpInterval[], specIntervals: readonly IpInterval[]): IpInterval[] {
  return splitIntoAtoms([...atoms, ...specIntervals]);
}

function atomsInside(atoms: readonly IpInterval[], outer: IpInterval): Endpoint[] {
  return atoms
    .filter((atom) => outer.start <= atom.start && atom.end <= outer.end)
    .map((interval) => ({ type: 'external', interval, label: `${formatInterval(interval)}[External]` }));
}

function diff(expected: ReadonlyMap<string, Flow>, actual: ReadonlyMap<string, Flow>): { unexpected: Flow[]; missing: Flow[] } {
  const unexpected: Flow[] = [];
  const missing: Flow[] = [];
  for (const key of sortedKeys([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(key);
    const have = actual.get(key);
    const { src, dst } = (want ?? have)!;
    const extra = portDifference(have?.ports ?? NO_PORTS, want?.ports ?? NO_PORTS);
    const lacking = portDifference(want?.ports ?? NO_PORTS, have?.ports ?? NO_PORTS);
    if (!isEmpty(extra)) unexpected.push({ src, dst, ports: extra });
    if (!isEmpty(lacking)) missing.push({ src, dst, ports: lacking });
  }
  return { unexpected, missing };
}

function describe(ports: PortSet): string {
  return isEmpty(ports) ? 'nothing' : formatPortSet(ports);
}

/** Byte order, as the analyzer sorts its listing. */
function sortedKeys(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
