import {
  NO_PORTS, explain, formatExplanation, formatPortSet, isEmpty, listConnections, fromPortSet, portRange, subtractConns, toPortSet, union, workloadLabel,
} from '../../netpol/analyzer';
import type { Model, PortSet, Protocol, Workload } from '../../netpol/analyzer';
import { KUBE_DNS } from '../cluster';

/** A group of pods as a flow names them: a namespace, and labels that all must match (none: every pod). */
export interface FlowPods {
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** One declared flow as plain data: who may connect to whom on which ports (HBONE included where it applies). */
export interface DeclaredFlow {
  readonly from: FlowPods;
  readonly to: FlowPods;
  readonly ports: readonly { readonly protocol: Protocol; readonly port: number; readonly endPort?: number }[];
  /** Where it was declared, for reports, e.g. `loki egressTo[1]`. */
  readonly where: string;
}

/**
 * The DNS lookups of every protected namespace, as flows: its pods to the kube-dns pods on UDP and TCP 53.
 * They are not flows of the app (ProtectedNamespace writes `allow-dns-egress` on the sender, and kube-system
 * admits DNS from every source on the CoreDNS pods, since hostNetwork clients ask from node addresses), but
 * they are allowed between protected namespaces, so the check must expect them; `where` names the policy.
 */
export function dnsEgressFlows(protectedNamespaces: Iterable<string>): DeclaredFlow[] {
  return [...protectedNamespaces].map((namespace) => ({
    from: { namespace },
    to: { namespace: KUBE_DNS.namespace, ...(KUBE_DNS.labels === undefined ? {} : { labels: KUBE_DNS.labels }) },
    ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    where: `${namespace} allow-dns-egress`,
  }));
}

/** One pair of workloads and the ports between them. */
export interface PairPorts {
  readonly from: Workload;
  readonly to: Workload;
  readonly ports: PortSet;
  /** The declarations that cover the pair (empty for actual-only pairs). */
  readonly declaredBy: readonly string[];
}

export interface DeclaredFlowCheck {
  /** Keyed by `src => dst`: the declared flows expanded over the inventory's workloads. */
  readonly expected: ReadonlyMap<string, PairPorts>;
  /** Keyed by `src => dst`: what the analyzer allows between workloads of protected namespaces. */
  readonly actual: ReadonlyMap<string, PairPorts>;
  /** Ports allowed although no flow declares them. */
  readonly unexpected: readonly PairPorts[];
  /** Ports declared although the policies deny them. */
  readonly missing: readonly PairPorts[];
}

/**
 * Holds the analyzer's verdict on the synthesized policies against the app's own declarations: between
 * any two workloads of protected namespaces, the policies allow exactly the ports of the flows that cover
 * the pair, and nothing else. Pure: the caller loads the model and lists the flows.
 */
export function checkDeclaredFlows(flows: readonly DeclaredFlow[], model: Model, protectedNamespaces: ReadonlySet<string>): DeclaredFlowCheck {
  const workloads = model.workloads.filter((workload) => protectedNamespaces.has(workload.namespace));
  const expected = new Map<string, PairPorts>();
  for (const flow of flows) {
    const ports = flow.ports.reduce((set, port) => union(set, portRange(port.protocol, port.port, port.endPort ?? port.port)), NO_PORTS);
    const senders = workloads.filter((workload) => inGroup(workload, flow.from));
    const receivers = workloads.filter((workload) => inGroup(workload, flow.to));
    for (const from of senders) {
      for (const to of receivers) {
        // The analyzer never lists a workload talking to itself, so the check does not expect it either.
        if (from === to) continue;
        const key = pairKey(from, to);
        const previous = expected.get(key);
        expected.set(key, {
          from, to,
          ports: previous === undefined ? ports : union(previous.ports, ports),
          declaredBy: [...(previous?.declaredBy ?? []), flow.where],
        });
      }
    }
  }
  const actual = new Map<string, PairPorts>();
  for (const connection of listConnections(model)) {
    if (connection.src.type !== 'workload' || connection.dst.type !== 'workload') continue;
    const from = connection.src.workload;
    const to = connection.dst.workload;
    if (!protectedNamespaces.has(from.namespace) || !protectedNamespaces.has(to.namespace)) continue;
    actual.set(pairKey(from, to), { from, to, ports: connection.ports, declaredBy: [] });
  }
  const unexpected: PairPorts[] = [];
  const missing: PairPorts[] = [];
  for (const key of [...new Set([...expected.keys(), ...actual.keys()])].sort()) {
    const want = expected.get(key);
    const got = actual.get(key);
    const wantPorts = want?.ports ?? NO_PORTS;
    const gotPorts = got?.ports ?? NO_PORTS;
    // The ports of one side the other lacks, through the analyzer's one range arithmetic (conn-set).
    const extra = toPortSet(subtractConns(fromPortSet(gotPorts), fromPortSet(wantPorts)));
    const lacking = toPortSet(subtractConns(fromPortSet(wantPorts), fromPortSet(gotPorts)));
    const pair = (want ?? got)!;
    if (!isEmpty(extra)) unexpected.push({ ...pair, ports: extra });
    if (!isEmpty(lacking)) missing.push({ ...pair, ports: lacking });
  }
  return { expected, actual, unexpected, missing };
}

/** The failure report, with `netpol explain` for the lowest port of each mismatch; empty when they agree. */
export function formatDeclaredFlowReport(check: Pick<DeclaredFlowCheck, 'unexpected' | 'missing'>, model: Model): string {
  const section = (heading: string, pairs: readonly PairPorts[]): string[] => {
    if (pairs.length === 0) return [];
    const lines = [heading];
    for (const pair of pairs) {
      const declared = pair.declaredBy.length === 0 ? '' : ` (declared by ${pair.declaredBy.join(', ')})`;
      lines.push(`  ${pairKey(pair.from, pair.to)} : ${formatPortSet(pair.ports)}${declared}`);
      const { protocol, port } = lowestPort(pair.ports);
      const text = formatExplanation(explain(model, { from: { type: 'workload', workload: pair.from }, to: { type: 'workload', workload: pair.to }, port, protocol }));
      lines.push(...text.trimEnd().split('\n').map((line) => `    ${line}`));
    }
    return lines;
  };
  return [
    ...section('unexpected (allowed, but no flow declares it):', check.unexpected),
    ...section('missing (declared, but the policies deny it):', check.missing),
  ].join('\n');
}

export function pairKey(from: Workload, to: Workload): string {
  return `${workloadLabel(from)} => ${workloadLabel(to)}`;
}

function inGroup(workload: Workload, pods: FlowPods): boolean {
  return workload.namespace === pods.namespace
    && Object.entries(pods.labels ?? {}).every(([key, value]) => workload.labels[key] === value);
}

function lowestPort(ports: PortSet): { protocol: Protocol; port: number } {
  for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
    if (ports[protocol].length > 0) return { protocol, port: ports[protocol][0] };
  }
  throw new Error('An empty port set has no lowest port.');
}
