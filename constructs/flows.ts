import { ConfigurationError, didYouMean } from './errors';
import { meshPorts } from './mesh-ports';
import { Pods } from './pods';
import { Port } from './port';
import { SourceSite, formatSite, locate } from './source-site';

/** A flow into the declaring namespace: `from` opens connections to this namespace's pods. */
export interface IngressFlowProps {
  /** The pods that open the connection (any namespace, this one included). */
  readonly from: Pods;
  /**
   * The pods of this namespace that accept it; must be in this namespace.
   * @default - every pod of this namespace
   */
  readonly to?: Pods;
  /** The ports on the `to` pods; never empty (an empty list would allow every port). */
  readonly ports: readonly Port[];
}

/** A flow out of the declaring namespace: this namespace's pods open connections to `to`. */
export interface EgressFlowProps {
  /** The pods that accept the connection (any namespace, this one included). */
  readonly to: Pods;
  /**
   * The pods of this namespace that open it; must be in this namespace.
   * @default - every pod of this namespace
   */
  readonly from?: Pods;
  /** The ports on the `to` pods; never empty (an empty list would allow every port). */
  readonly ports: readonly Port[];
}

/** Policy names for the two ends of a flow, where the default naming does not fit. */
export interface FlowPolicyNames {
  /** @default - `allow-<from>-ingress`, or `allow-<from>-to-<to>-ingress` for some pods of the namespace */
  readonly ingress?: string;
  /** @default - `allow-<to>-egress`, or `allow-<from>-to-<to>-egress` for some pods of the namespace */
  readonly egress?: string;
}

/**
 * One allowed connection, declared once: from these pods to those, on these ports. The app writes
 * the destination's ingress policy when the destination namespace is protected and the source's
 * egress policy when the source namespace is protected (both, for a flow between two protected
 * namespaces), with TCP 15008 added when both namespaces are in the Istio ambient mesh.
 */
export interface Flow {
  readonly from: Pods;
  readonly to: Pods;
  /** The declared ports, without the HBONE port meshPorts adds. */
  readonly ports: readonly Port[];
  /** The protected namespace whose declaration holds the flow. */
  readonly declaredIn: string;
  /** Where in that declaration, e.g. `ingressFrom[2]`. */
  readonly declaredAs: string;
  /** The file that declared it. */
  readonly declaredAt?: SourceSite;
  /** @default - the names described at FlowPolicyNames */
  readonly policyNames?: FlowPolicyNames;
}

/** One side's half of a flow: the policy rule a protected namespace gets for it. */
export interface FlowEnd {
  readonly namespace: string;
  readonly direction: 'ingress' | 'egress';
  /** The pods of `namespace` the policy selects. */
  readonly local: Pods;
  /** The pods at the other end. */
  readonly peer: Pods;
  /** The flow's ports, with HBONE where both namespaces are in the mesh. */
  readonly ports: readonly Port[];
  readonly policyName: string;
  readonly flow: Flow;
}

/** One NetworkPolicy the flows give a namespace: its pods and a rule per peer, per direction. */
export interface FlowPolicySpec {
  readonly namespace: string;
  readonly name: string;
  readonly local: Pods;
  readonly ingress: readonly FlowRule[];
  readonly egress: readonly FlowRule[];
}

export interface FlowRule {
  readonly peer: Pods;
  readonly ports: readonly Port[];
  /** The flows this rule is written for. */
  readonly flows: readonly Flow[];
}

export interface ResolvedFlows {
  readonly flows: readonly Flow[];
  readonly ends: readonly FlowEnd[];
  /** Sorted by namespace, then name. */
  readonly policies: readonly FlowPolicySpec[];
}

export interface FlowContext {
  /** The namespaces composed in the app: they get policies. */
  readonly protectedNamespaces: ReadonlySet<string>;
  /** Namespaces without policies that flows may name as peers. */
  readonly exemptNamespaces: ReadonlySet<string>;
  /** The namespaces in the Istio ambient mesh. */
  readonly ambientEnrolledNamespaces: readonly string[];
}

/**
 * Checks every flow's peers and turns the flows into the policies of each protected end. Pure: no
 * constructs, so it is tested on plain values. Throws a ConfigurationError naming the file, the
 * declaration and the fix for a peer namespace that is neither protected nor exempt, a flow declared
 * twice, and two flows that would give one namespace the same policy name for different pods.
 */
export function resolveFlows(flows: readonly Flow[], context: FlowContext): ResolvedFlows {
  const known = new Set([...context.protectedNamespaces, ...context.exemptNamespaces]);
  for (const flow of flows) {
    for (const [side, pods] of [['from', flow.from], ['to', flow.to]] as const) {
      if (!known.has(pods.namespace)) {
        throw flowError(flow, [pods.namespace], `${side} ${pods.describe()} names namespace "${pods.namespace}", which is neither protected `
          + `(composed in main.ts) nor exempt.${didYouMean(pods.namespace, known)} Fix the name, compose the namespace in main.ts, `
          + 'or list it with its reason in homelab/namespaces/exemptions.ts.');
      }
    }
  }
  refuseDuplicates(flows);

  const ends: FlowEnd[] = [];
  for (const flow of flows) {
    const ports = meshPorts(flow.ports, flow.from.namespace, flow.to.namespace, context.ambientEnrolledNamespaces);
    if (context.protectedNamespaces.has(flow.to.namespace)) {
      const name = flow.policyNames?.ingress ?? defaultPolicyName('ingress', flow.to, flow.from);
      ends.push({ namespace: flow.to.namespace, direction: 'ingress', local: flow.to, peer: flow.from, ports, policyName: name, flow });
    }
    if (context.protectedNamespaces.has(flow.from.namespace)) {
      const name = flow.policyNames?.egress ?? defaultPolicyName('egress', flow.from, flow.to);
      ends.push({ namespace: flow.from.namespace, direction: 'egress', local: flow.from, peer: flow.to, ports, policyName: name, flow });
    }
  }
  return { flows, ends, policies: groupIntoPolicies(ends) };
}

/**
 * `allow-<peer>-<direction>` when the policy is for every pod of the namespace (or for the group named
 * after the namespace), else `allow-<from>-to-<to>-<direction>`, so two groups of one namespace that
 * talk to the same peer get two policies.
 */
export function defaultPolicyName(direction: 'ingress' | 'egress', local: Pods, peer: Pods): string {
  if (local.isWholeNamespace || local.name === local.namespace) {
    return `allow-${peer.name}-${direction}`;
  }
  return direction === 'ingress' ? `allow-${peer.name}-to-${local.name}-ingress` : `allow-${local.name}-to-${peer.name}-egress`;
}

function refuseDuplicates(flows: readonly Flow[]): void {
  const seen: Flow[] = [];
  for (const flow of flows) {
    const twin = seen.find((other) => other.from.sameAs(flow.from) && other.to.sameAs(flow.to)
      && (other.declaredIn !== flow.declaredIn || samePorts(other.ports, flow.ports)));
    if (twin !== undefined) {
      throw flowError(flow, [flow.to.name, flow.from.name], `the flow from ${flow.from.describe()} to ${flow.to.describe()} is also declared `
        + `as ${describeDeclaration(twin)}. Declare each flow once, in the namespace that owns the relationship: the app writes the policy `
        + 'of the other end from it. Remove one of the two (merge their ports into the one you keep).');
    }
    seen.push(flow);
  }
}

function groupIntoPolicies(ends: readonly FlowEnd[]): FlowPolicySpec[] {
  const byKey = new Map<string, { namespace: string; name: string; local: Pods; ends: FlowEnd[] }>();
  for (const end of ends) {
    const key = `${end.namespace}\0${end.policyName}`;
    const group = byKey.get(key);
    if (group === undefined) {
      byKey.set(key, { namespace: end.namespace, name: end.policyName, local: end.local, ends: [end] });
      continue;
    }
    if (!group.local.sameAs(end.local)) {
      const first = group.ends[0];
      throw flowError(end.flow, [end.local.name], `namespace ${end.namespace} would get two policies named "${end.policyName}" for different pods: `
        + `${group.local.describe()} (${describeDeclaration(first.flow)}) and ${end.local.describe()}. Give the two pod groups different names `
        + '(the second argument of Pods.select).');
    }
    group.ends.push(end);
  }
  return [...byKey.values()]
    .sort((a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name))
    .map((group) => ({
      namespace: group.namespace,
      name: group.name,
      local: group.local,
      ingress: rulesOf(group.ends.filter((end) => end.direction === 'ingress')),
      egress: rulesOf(group.ends.filter((end) => end.direction === 'egress')),
    }));
}

/** One rule per peer, in declaration order, with the ports of every flow to or from that peer. */
function rulesOf(ends: readonly FlowEnd[]): FlowRule[] {
  const rules: { peer: Pods; ports: Port[]; flows: Flow[] }[] = [];
  for (const end of ends) {
    const rule = rules.find((candidate) => candidate.peer.sameAs(end.peer));
    if (rule === undefined) {
      rules.push({ peer: end.peer, ports: [...end.ports], flows: [end.flow] });
      continue;
    }
    for (const port of end.ports) {
      if (!rule.ports.some((existing) => existing.toString() === port.toString())) rule.ports.push(port);
    }
    rule.flows.push(end.flow);
  }
  return rules;
}

function samePorts(a: readonly Port[], b: readonly Port[]): boolean {
  const key = (ports: readonly Port[]) => ports.map(String).sort().join(',');
  return key(a) === key(b);
}

/** `ingressFrom[2] of loki (homelab/namespaces/loki.ts:31)`. */
export function describeDeclaration(flow: Flow): string {
  const site = locate(flow.declaredAt, [flow.from.name, flow.to.name], ['from:', 'to:']);
  return `${flow.declaredAs} of ${flow.declaredIn}${site === undefined ? '' : ` (${formatSite(site)})`}`;
}

function flowError(flow: Flow, needles: readonly string[], message: string): ConfigurationError {
  // A flow entry's line holds `from:` or `to:`; the props that make flows (prometheusScrapePorts) hold their own name.
  const site = locate(flow.declaredAt, [...needles, flow.declaredAs.replace(/\[\d+\]$/, '')], ['from:', 'to:', flow.declaredAs.replace(/\[\d+\]$/, '')]);
  return new ConfigurationError(`${site === undefined ? '' : `${formatSite(site)}: `}[${flow.declaredIn}] ${flow.declaredAs}: ${message}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
