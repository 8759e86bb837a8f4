import {
  ALL_CONNS,
  fromPortSet,
  icmpConns,
  intersectConns,
  isEmptyConns,
  NO_CONNS,
  portConns,
  protocolConns,
  subtractConns,
  unionConns,
  type ConnSet,
} from '../conn-set';
import { describeObject, formatLocation } from '../errors';
import { intervalInside } from '../ip-blocks';
import { matchingPeerIndex, peerMatchesInterval, peerMatchesWorkload, rulePorts } from '../rules';
import { matches as k8sMatches } from '../selectors';
import type { Direction, IpInterval, Labels, LabelSelector, Model, NetworkPolicy, PolicyPeer, PolicyRule, Protocol, SourceLocation, Workload } from '../types';
import {
  DEFAULT_TIER,
  DEFAULT_TIER_ORDER,
  KUBERNETES_POLICY_ORDER,
  type CalicoAction,
  type CalicoNetworkSet,
  type CalicoObjects,
  type CalicoPolicy,
  type CalicoPort,
  type CalicoRule,
  type EntityRule,
  type ServiceEndpoints,
  type ServiceObject,
} from './model';
import { evaluateSelector, type CalicoSelector } from './selector';

/**
 * Felix's evaluation of one direction of one endpoint (felix/rules/endpoints.go): the tiers in order
 * (felix/calc/policy_sorter.go TierLess: order, none last, then name), skipping tiers with no policy
 * for the endpoint in that direction; inside a tier the policies by order (none last) then name
 * (PolKVLess); each policy's rules in order. Allow and Deny end the evaluation, Pass goes on with the
 * next tier, Log goes on with the next rule. A tier that selects the endpoint but whose rules match
 * nothing ends in its defaultAction (Deny unless Pass). Traffic no tier decided reaches the
 * endpoint's profiles, which for Kubernetes pods allow everything (kns.<namespace>).
 *
 * Kubernetes NetworkPolicies take part as Calico makes them (libcalico-go conversion.go): policies
 * of the default tier with order 1000, named `knp.default.<name>`, all rules Allow.
 */

/** `ns/name` of Felix's policy key, Calico's tie-breaker inside one order. */
const LABEL_NAMESPACE = 'projectcalico.org/namespace';
const LABEL_ORCHESTRATOR = 'projectcalico.org/orchestrator';
const LABEL_SERVICE_ACCOUNT = 'projectcalico.org/serviceaccount';
const LABEL_NAME = 'projectcalico.org/name';
/** Linux's default ephemeral port range (net.ipv4.ip_local_port_range), the source port of a client. */
export const EPHEMERAL_PORTS = { start: 32768, end: 60999 } as const;

/** A pod endpoint as Calico's selectors see it. */
export interface Endpoint {
  readonly workload: Workload;
  readonly namespace: string;
  /** Pod labels plus projectcalico.org/namespace, /orchestrator and /serviceaccount. */
  readonly labels: Labels;
  /** The namespace's labels plus projectcalico.org/name (the pcns. profile labels without the prefix). */
  readonly namespaceLabels: Labels;
  readonly serviceAccount: string;
  /** The service account's labels plus projectcalico.org/name (the pcsa. profile labels). */
  readonly serviceAccountLabels: Labels;
}

/** The other end of a connection: a pod endpoint or an external IPv4 range (an atom, or one address). */
export type EvalPeer = { readonly type: 'endpoint'; readonly endpoint: Endpoint } | { readonly type: 'external'; readonly interval: IpInterval };

export interface EvalTier {
  readonly name: string;
  readonly order?: number;
  readonly defaultAction: 'Deny' | 'Pass';
  readonly source?: SourceLocation;
}

export interface EvalPolicy {
  readonly index: number;
  readonly tier: EvalTier;
  readonly order?: number;
  /** Felix's key name: `ns/name` for namespaced policies, `name` for global ones. */
  readonly keyName: string;
  /** e.g. `GlobalNetworkPolicy platform.allow-cluster-dns`, `NetworkPolicy default/x`, `Kubernetes NetworkPolicy loki/default-deny`. */
  readonly display: string;
  readonly source: SourceLocation;
  readonly types: readonly Direction[];
  readonly ingress: readonly EvalRule[];
  readonly egress: readonly EvalRule[];
  /** The namespace of a namespaced policy (it selects endpoints there only); undefined for global ones. */
  readonly namespace?: string;
  selects(endpoint: Endpoint): boolean;
  readonly calico?: CalicoPolicy;
  readonly kubernetes?: NetworkPolicy;
}

export interface EvalRule {
  readonly policy: EvalPolicy;
  readonly direction: Direction;
  readonly index: number;
  readonly line?: number;
  readonly action: CalicoAction;
  readonly neverMatches?: string;
  readonly undecided: readonly string[];
  /** The connections this rule matches between the local endpoint and the peer (NO_CONNS: none). */
  conns(local: Endpoint, peer: EvalPeer): ConnSet;
  /**
   * `conns` in its three parts, for the listing, which works out each part once per rule rather than
   * once per pair: whether the local side matches (an ingress rule's destination, an egress rule's
   * source, and whatever makes the rule never match), whether the peer side does, and what the rule
   * matches towards the destination (the local endpoint for ingress, the peer for egress) once both do.
   */
  matchesLocal(local: Endpoint): boolean;
  /** True when matchesLocal gives the same answer for every endpoint. */
  readonly localIsConstant: boolean;
  matchesPeer(peer: EvalPeer): boolean;
  destinationConns(destination: EvalPeer): ConnSet;
  /** True when destinationConns depends on the destination endpoint (named ports, Services), through its container ports only. */
  readonly destinationDependent: boolean;
  /** The peer side as parts whose union matchesPeer is: a Kubernetes rule's peers; a Calico rule's side is one part. */
  readonly peerParts: readonly PeerPart[];
  readonly calico?: CalicoRule;
  readonly kubernetes?: PolicyRule;
}

/** One part of a rule's peer side, for the listing, which finds each distinct part's peers once. */
export interface PeerPart {
  /** Parts with the same key (in rules of the same direction) match the same peers. */
  readonly key: string;
  /** False when no endpoint (pod) can match, e.g. an ipBlock or nets. */
  readonly endpoints: boolean;
  /** False when no external address can match, e.g. a Kubernetes pod or namespace selector. */
  readonly externals: boolean;
  /**
   * Sorted ranges outside which no external interval can match (a pre-filter only: `matches` decides);
   * undefined: anywhere.
   */
  readonly externalRanges?: readonly IpInterval[];
  /**
   * The namespaces whose endpoints can match, from `namespaces`; undefined: any namespace. A
   * pre-filter only: `matches` decides.
   */
  namespaces(namespaces: readonly string[]): readonly string[] | undefined;
  matches(peer: EvalPeer): boolean;
}

/** `conns` from the parts, the one definition every rule uses. */
function partsConns(rule: EvalRule, local: Endpoint, peer: EvalPeer): ConnSet {
  if (!rule.matchesLocal(local) || !rule.matchesPeer(peer)) return NO_CONNS;
  return rule.destinationConns(rule.direction === 'Ingress' ? { type: 'endpoint', endpoint: local } : peer);
}

export interface CalicoEvaluation {
  readonly tiers: readonly EvalTier[];
  /** Every enforced policy, in Felix's global order (tier, then order, then name). */
  readonly policies: readonly EvalPolicy[];
  /** The endpoint of each workload, index for index. */
  readonly endpoints: readonly Endpoint[];
  endpointOf(workload: Workload): Endpoint;
  /** External address boundaries the Calico objects add, per direction of the rules that name them. */
  readonly ingressIntervals: readonly IpInterval[];
  readonly egressIntervals: readonly IpInterval[];
  /** Label keys Calico selectors look at on pods (for grouping). */
  readonly podLabelKeys: ReadonlySet<string>;
  /** Port names Calico rules use. */
  readonly portNames: ReadonlySet<string>;
  /** The enforced policies that select `endpoint` for `direction`, in evaluation order (indexed once, on first use). */
  policiesFor(endpoint: Endpoint, direction: Direction): readonly EvalPolicy[];
}

/** Whether the model holds Calico policies to evaluate (else the Kubernetes-only path is exact). */
export function hasCalicoPolicies(model: Model): boolean {
  return model.calico !== undefined && model.calico.policies.length > 0;
}

/** A model's objects as Felix sees them. `kubernetesOnly`: leave Calico's objects out (the Kubernetes semantics alone). */
export function buildEvaluation(model: Model, options: { kubernetesOnly?: boolean } = {}): CalicoEvaluation {
  const calico = options.kubernetesOnly || model.calico === undefined ? NO_CALICO : model.calico;
  const tiers = new Map<string, EvalTier>();
  tiers.set(DEFAULT_TIER, { name: DEFAULT_TIER, order: DEFAULT_TIER_ORDER, defaultAction: 'Deny' });
  for (const tier of calico.tiers) tiers.set(tier.name, tier);

  const namespaceLabels = new Map(model.namespaces.map((n) => [n.name, n.labels]));
  const saLabels = new Map(calico.serviceAccounts.map((sa) => [`${sa.namespace}/${sa.name}`, sa.labels]));
  const kubernetesOnly = calico === NO_CALICO;
  const makeEndpoint = (workload: Workload): Endpoint => {
    const serviceAccount = workload.serviceAccount ?? 'default';
    // Only Calico's selectors read the projectcalico.org labels; Kubernetes rules read the workload's own.
    if (kubernetesOnly) return { workload, namespace: workload.namespace, labels: workload.labels, namespaceLabels: namespaceLabels.get(workload.namespace) ?? { 'kubernetes.io/metadata.name': workload.namespace }, serviceAccount, serviceAccountLabels: {} };
    return {
      workload,
      namespace: workload.namespace,
      labels: { ...workload.labels, [LABEL_NAMESPACE]: workload.namespace, [LABEL_ORCHESTRATOR]: 'k8s', [LABEL_SERVICE_ACCOUNT]: serviceAccount },
      namespaceLabels: { ...(namespaceLabels.get(workload.namespace) ?? { 'kubernetes.io/metadata.name': workload.namespace }), [LABEL_NAME]: workload.namespace },
      serviceAccount,
      serviceAccountLabels: { ...(saLabels.get(`${workload.namespace}/${serviceAccount}`) ?? {}), [LABEL_NAME]: serviceAccount },
    };
  };
  // Made when first asked for: explain asks for two, the listing for all of them.
  const endpointList: (Endpoint | undefined)[] = new Array(model.workloads.length);
  let indexOf: Map<Workload, number> | undefined;
  const endpointAt = (index: number): Endpoint => (endpointList[index] ??= makeEndpoint(model.workloads[index]));
  let allEndpoints: readonly Endpoint[] | undefined;
  const endpoints = (): readonly Endpoint[] => (allEndpoints ??= model.workloads.map((_, index) => endpointAt(index)));
  const endpointOf = (workload: Workload): Endpoint => {
    indexOf ??= new Map(model.workloads.map((w, i) => [w, i]));
    return endpointAt(indexOf.get(workload)!);
  };
  const calicoLabels = new Map<string, Labels>();
  const context: MatchContext = {
    networkSets: calico.networkSets.map((set) => ({ set, labels: set.namespace === undefined ? set.labels : { ...set.labels, [LABEL_NAMESPACE]: set.namespace }, namespaceLabels: set.namespace === undefined ? {} : { ...(namespaceLabels.get(set.namespace) ?? { 'kubernetes.io/metadata.name': set.namespace }), [LABEL_NAME]: set.namespace } })),
    services: new Map(calico.services.map((s) => [`${s.namespace}/${s.name}`, s])),
    serviceEndpoints: groupEndpoints(calico.serviceEndpoints),
    namespaceLabels: (ns) => namespaceLabels.get(ns) ?? { 'kubernetes.io/metadata.name': ns },
    calicoNamespaceLabels: (ns) => {
      let labels = calicoLabels.get(ns);
      if (labels === undefined) {
        labels = { ...(namespaceLabels.get(ns) ?? { 'kubernetes.io/metadata.name': ns }), [LABEL_NAME]: ns };
        calicoLabels.set(ns, labels);
      }
      return labels;
    },
  };

  const policies: Omit<EvalPolicy, 'index'>[] = [];
  for (const policy of calico.policies) {
    if (policy.preDNAT || policy.doNotTrack) continue; // Host endpoints only (rendered in the raw/mangle tables).
    const tier = tiers.get(policy.tier);
    if (tier === undefined) continue; // load refuses this; kept for hand-made models.
    policies.push(calicoEvalPolicy(policy, tier, context));
  }
  const defaultTier = tiers.get(DEFAULT_TIER)!;
  for (const policy of model.policies) policies.push(kubernetesEvalPolicy(policy, defaultTier, context));

  const sortedTiers = [...tiers.values()].sort(tierLess);
  const tierRank = new Map(sortedTiers.map((t, i) => [t.name, i]));
  policies.sort((a, b) => tierRank.get(a.tier.name)! - tierRank.get(b.tier.name)! || policyLess(a, b));
  const indexed = policies.map((p, index) => Object.assign(p, { index }) as EvalPolicy);
  const policiesFor = policyIndex(indexed, endpoints);

  const ingressIntervals: IpInterval[] = [];
  const egressIntervals: IpInterval[] = [];
  const podLabelKeys = new Set<string>();
  const portNames = new Set<string>();
  const addSelector = (s: CalicoSelector | undefined) => {
    if (s !== undefined) collectLabels(s, podLabelKeys);
  };
  for (const policy of calico.policies) {
    addSelector(policy.selector);
    for (const [rules, peerSide, intervals] of [[policy.ingress, 'source', ingressIntervals], [policy.egress, 'destination', egressIntervals]] as const) {
      for (const rule of rules) {
        for (const side of [rule.source, rule.destination]) {
          addSelector(side.selector);
          addSelector(side.notSelector);
          for (const p of [...(side.ports ?? []), ...(side.notPorts ?? [])]) if ('name' in p) portNames.add(p.name);
          if (side.services !== undefined) {
            const service = context.services.get(`${side.services.namespace || policy.namespace}/${side.services.name}`);
            for (const key of Object.keys(service?.selector ?? {})) podLabelKeys.add(key);
            for (const port of service?.ports ?? []) if (typeof port.targetPort === 'string') portNames.add(port.targetPort);
          }
        }
        const peer = rule[peerSide];
        intervals.push(...(peer.nets ?? []), ...(peer.notNets ?? []));
        if (peer.services !== undefined) {
          for (const e of context.serviceEndpoints.get(`${peer.services.namespace || policy.namespace}/${peer.services.name}`) ?? []) {
            for (const address of e.addresses) intervals.push({ start: address, end: address });
          }
        }
      }
    }
  }
  for (const { set } of context.networkSets) {
    ingressIntervals.push(...set.nets);
    egressIntervals.push(...set.nets);
  }
  return {
    tiers: sortedTiers,
    policies: indexed,
    get endpoints() {
      return endpoints();
    },
    endpointOf,
    ingressIntervals,
    egressIntervals,
    podLabelKeys,
    portNames,
    policiesFor,
  };
}

const NO_CALICO: CalicoObjects = Object.freeze({ tiers: [], policies: [], staged: [], networkSets: [], services: [], serviceEndpoints: [], serviceAccounts: [], hostEndpoints: [] });

/**
 * policiesFor: each policy's selected endpoints, found once (a namespaced policy looks at its
 * namespace's endpoints only), then listed per endpoint and direction in evaluation order.
 */
function policyIndex(policies: readonly EvalPolicy[], allEndpoints: () => readonly Endpoint[]): CalicoEvaluation['policiesFor'] {
  let index: Map<Endpoint, { Ingress: EvalPolicy[]; Egress: EvalPolicy[] }> | undefined;
  const build = () => {
    const endpoints = allEndpoints();
    const map = new Map<Endpoint, { Ingress: EvalPolicy[]; Egress: EvalPolicy[] }>();
    const byNamespace = new Map<string, Endpoint[]>();
    for (const endpoint of endpoints) {
      map.set(endpoint, { Ingress: [], Egress: [] });
      const list = byNamespace.get(endpoint.namespace);
      if (list === undefined) byNamespace.set(endpoint.namespace, [endpoint]);
      else list.push(endpoint);
    }
    for (const policy of policies) {
      const ingress = policy.types.includes('Ingress');
      const egress = policy.types.includes('Egress');
      if (!ingress && !egress) continue;
      const namespace = policy.namespace;
      for (const endpoint of namespace === undefined ? endpoints : (byNamespace.get(namespace) ?? [])) {
        if (!policy.selects(endpoint)) continue;
        const lists = map.get(endpoint)!;
        if (ingress) lists.Ingress.push(policy);
        if (egress) lists.Egress.push(policy);
      }
    }
    // Endpoints selected by the same policies share one list, so callers can key caches on it.
    const shared = new Map<string, EvalPolicy[]>();
    const canonical = (list: EvalPolicy[]): EvalPolicy[] => {
      const key = list.map((p) => p.index).join(',');
      const found = shared.get(key);
      if (found !== undefined) return found;
      shared.set(key, list);
      return list;
    };
    for (const lists of map.values()) {
      lists.Ingress = canonical(lists.Ingress);
      lists.Egress = canonical(lists.Egress);
    }
    return map;
  };
  // A few questions (explain asks about two endpoints) are answered by looking through the policies;
  // past that, the index for every endpoint is built once.
  let asked = 0;
  const direct = (endpoint: Endpoint, direction: Direction) =>
    policies.filter((policy) => (policy.namespace === undefined || policy.namespace === endpoint.namespace) && policy.types.includes(direction) && policy.selects(endpoint));
  return (endpoint, direction) => {
    if (index === undefined && ++asked <= 8) return direct(endpoint, direction);
    index ??= build();
    const lists = index.get(endpoint);
    if (lists !== undefined) return lists[direction];
    // An endpoint built elsewhere (hand-made): look through every policy.
    return direct(endpoint, direction);
  };
}

function collectLabels(selector: CalicoSelector, into: Set<string>): void {
  const visit = (node: CalicoSelector['root']): void => {
    switch (node.op) {
      case 'all':
      case 'global':
        return;
      case '!':
        return visit(node.operand);
      case '&&':
      case '||':
        return node.operands.forEach(visit);
      default:
        into.add(node.label);
    }
  };
  visit(selector.root);
}

function groupEndpoints(list: readonly ServiceEndpoints[]): Map<string, ServiceEndpoints[]> {
  const map = new Map<string, ServiceEndpoints[]>();
  for (const e of list) {
    const key = `${e.namespace}/${e.service}`;
    map.set(key, [...(map.get(key) ?? []), e]);
  }
  return map;
}

/** felix/calc/policy_sorter.go TierLess: ordered tiers first, by order, then by name. */
export function tierLess(a: Pick<EvalTier, 'name' | 'order'>, b: Pick<EvalTier, 'name' | 'order'>): number {
  if (a.order === undefined && b.order !== undefined) return 1;
  if (a.order !== undefined && b.order === undefined) return -1;
  if (a.order === b.order) return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  return a.order! - b.order!;
}

/** PolKVLess: order (none is +Inf), then Felix's key name. */
function policyLess(a: Pick<EvalPolicy, 'order' | 'keyName'>, b: Pick<EvalPolicy, 'order' | 'keyName'>): number {
  const ao = a.order ?? Infinity;
  const bo = b.order ?? Infinity;
  if (ao === bo) return a.keyName < b.keyName ? -1 : a.keyName > b.keyName ? 1 : 0;
  return ao - bo;
}

interface NetworkSetView {
  readonly set: CalicoNetworkSet;
  readonly labels: Labels;
  readonly namespaceLabels: Labels;
}

interface MatchContext {
  readonly networkSets: readonly NetworkSetView[];
  readonly services: ReadonlyMap<string, ServiceObject>;
  readonly serviceEndpoints: ReadonlyMap<string, readonly ServiceEndpoints[]>;
  namespaceLabels(namespace: string): Labels;
  /** A namespace's labels as Calico's namespaceSelector sees them (with projectcalico.org/name), made once. */
  calicoNamespaceLabels(namespace: string): Labels;
}

function calicoEvalPolicy(policy: CalicoPolicy, tier: EvalTier, context: MatchContext): Omit<EvalPolicy, 'index'> {
  return new CalicoEvalPolicy(policy, tier, context);
}

/**
 * A Calico policy as Felix has it. Its rules and display name are made when first asked for, as for
 * KubernetesEvalPolicy: explain evaluates the few policies that select its two endpoints.
 */
class CalicoEvalPolicy implements Omit<EvalPolicy, 'index'> {
  readonly order: number | undefined;
  readonly keyName: string;
  readonly source: SourceLocation;
  readonly types: readonly Direction[];
  readonly namespace: string | undefined;
  #display?: string;
  #ingress?: EvalRule[];
  #egress?: EvalRule[];

  constructor(
    readonly calico: CalicoPolicy,
    readonly tier: EvalTier,
    private readonly context: MatchContext,
  ) {
    this.order = calico.order;
    this.keyName = calico.namespace === undefined ? calico.name : `${calico.namespace}/${calico.name}`;
    this.source = calico.source;
    this.types = calico.types;
    this.namespace = calico.namespace;
  }

  get display(): string {
    return (this.#display ??= describeObject(this.calico.kind, this.calico.name, this.calico.namespace));
  }

  get ingress(): readonly EvalRule[] {
    return (this.#ingress ??= this.calico.ingress.map((rule) => calicoEvalRule(this as unknown as EvalPolicy, rule, 'Ingress', this.context)));
  }

  get egress(): readonly EvalRule[] {
    return (this.#egress ??= this.calico.egress.map((rule) => calicoEvalRule(this as unknown as EvalPolicy, rule, 'Egress', this.context)));
  }

  /** The policy's own selector as Felix gets it: spec.selector, the namespace, namespaceSelector, serviceAccountSelector. */
  selects(endpoint: Endpoint): boolean {
    const policy = this.calico;
    if (policy.namespace !== undefined && endpoint.namespace !== policy.namespace) return false;
    if (!evaluateSelector(policy.selector.root, { labels: endpoint.labels })) return false;
    if (policy.namespaceSelector !== undefined && !evaluateSelector(policy.namespaceSelector.root, { labels: endpoint.namespaceLabels, namespaced: true }, true)) return false;
    if (policy.serviceAccountSelector !== undefined && !evaluateSelector(policy.serviceAccountSelector.root, { labels: endpoint.serviceAccountLabels })) return false;
    return true;
  }
}

function kubernetesEvalPolicy(policy: NetworkPolicy, tier: EvalTier, context: MatchContext): Omit<EvalPolicy, 'index'> {
  return new KubernetesEvalPolicy(policy, tier, context);
}

const NO_UNDECIDED: readonly string[] = Object.freeze([]);

/**
 * A Kubernetes NetworkPolicy as Calico's default tier has it. Its rules and display name are made when
 * first asked for (explain looks at the few policies that select its two endpoints). Classes rather
 * than object literals with getters, which V8 makes dictionary-mode objects of: the listing reads
 * these in its inner loops.
 */
class KubernetesEvalPolicy implements Omit<EvalPolicy, 'index'> {
  readonly order = KUBERNETES_POLICY_ORDER;
  readonly keyName: string;
  readonly source: SourceLocation;
  readonly types: readonly Direction[];
  readonly namespace: string;
  #display?: string;
  #ingress?: EvalRule[];
  #egress?: EvalRule[];

  constructor(
    readonly kubernetes: NetworkPolicy,
    readonly tier: EvalTier,
    private readonly context: MatchContext,
  ) {
    this.keyName = `${kubernetes.namespace}/knp.default.${kubernetes.name}`;
    this.source = kubernetes.source;
    this.types = kubernetes.policyTypes;
    this.namespace = kubernetes.namespace;
  }

  get display(): string {
    return (this.#display ??= describeObject('NetworkPolicy', this.kubernetes.name, this.kubernetes.namespace));
  }

  get ingress(): readonly EvalRule[] {
    return (this.#ingress ??= this.kubernetes.ingress.map((r, i) => new KubernetesEvalRule(this as unknown as EvalPolicy, r, i, 'Ingress', this.context)));
  }

  get egress(): readonly EvalRule[] {
    return (this.#egress ??= this.kubernetes.egress.map((r, i) => new KubernetesEvalRule(this as unknown as EvalPolicy, r, i, 'Egress', this.context)));
  }

  selects(endpoint: Endpoint): boolean {
    return endpoint.namespace === this.kubernetes.namespace && k8sMatches(this.kubernetes.podSelector, endpoint.workload.labels);
  }
}

/** A Kubernetes rule as Calico has it: action Allow, matching as the Kubernetes semantics say (rules.ts). */
class KubernetesEvalRule implements EvalRule {
  readonly action = 'Allow';
  readonly undecided = NO_UNDECIDED;
  readonly localIsConstant = true;
  /** True when the rule names a port (resolved per destination). */
  readonly destinationDependent: boolean;
  /** Worked out when first asked for: explain looks at the rules of a few policies only. */
  #constant?: ConnSet;
  #peerParts?: readonly PeerPart[];

  constructor(
    readonly policy: EvalPolicy,
    readonly kubernetes: PolicyRule,
    readonly index: number,
    readonly direction: Direction,
    private readonly context: MatchContext,
  ) {
    this.destinationDependent = kubernetes.ports?.some((p) => typeof p.port === 'string') ?? false;
  }

  /** Read when a message or trace needs it: JSON input finds lines only then. */
  get line(): number | undefined {
    return this.kubernetes.line;
  }

  conns(local: Endpoint, peer: EvalPeer): ConnSet {
    return partsConns(this, local, peer);
  }

  matchesLocal(): boolean {
    return true;
  }

  matchesPeer(peer: EvalPeer): boolean {
    const target = peer.type === 'endpoint' ? { workload: peer.endpoint.workload, namespaceLabels: this.context.namespaceLabels(peer.endpoint.namespace) } : { interval: peer.interval };
    return matchingPeerIndex(this.kubernetes, this.policy.kubernetes!.namespace, target) !== -1;
  }

  destinationConns(destination: EvalPeer): ConnSet {
    if (!this.destinationDependent) return (this.#constant ??= fromPortSet(rulePorts(this.kubernetes, undefined)));
    return fromPortSet(rulePorts(this.kubernetes, destination.type === 'endpoint' ? destination.endpoint.workload : undefined));
  }

  /** Worked out when the listing first asks (explain never does). */
  get peerParts(): readonly PeerPart[] {
    const r = this.kubernetes;
    const namespace = this.policy.kubernetes!.namespace;
    return (this.#peerParts ??= r.peers === undefined ? [EVERY_PEER] : r.peers.map((peer) => kubernetesPeerPart(peer, namespace, this.context)));
  }
}

/** Who stands on one side of a rule: the local endpoint, a peer endpoint, or an external range. */
type Subject = { readonly type: 'endpoint'; readonly endpoint: Endpoint } | { readonly type: 'external'; readonly interval: IpInterval };

function calicoEvalRule(policy: EvalPolicy, rule: CalicoRule, direction: Direction, context: MatchContext): EvalRule {
  const namespace = policy.calico!.namespace;
  const base = ruleBaseConns(rule);
  const hasNamedPorts = [...(rule.destination.ports ?? []), ...(rule.destination.notPorts ?? [])].some((p) => 'name' in p) || rule.destination.services !== undefined;
  const sourcePortsOk = sourcePortsMatch(rule.source);
  const [localSide, peerSide] = direction === 'Ingress' ? [rule.destination, rule.source] : [rule.source, rule.destination];
  const possible = rule.neverMatches === undefined && sourcePortsOk && !isEmptyConns(base);
  return {
    policy,
    direction,
    index: rule.index,
    get line() {
      return rule.line;
    },
    action: rule.action,
    neverMatches: rule.neverMatches,
    undecided: rule.undecided,
    calico: rule,
    conns(local: Endpoint, peer: EvalPeer): ConnSet {
      return partsConns(this, local, peer);
    },
    matchesLocal: (local: Endpoint) => possible && entityMatches(localSide, { type: 'endpoint', endpoint: local }, namespace, context),
    // A local side without any selector, namespace, account, Service or net matches every endpoint.
    localIsConstant: !possible || entityKey(localSide) === EMPTY_ENTITY_KEY,
    matchesPeer: (peer: EvalPeer) => entityMatches(peerSide, peer, namespace, context),
    destinationConns(destination: EvalPeer): ConnSet {
      if (!hasNamedPorts) return base;
      return intersectConns(base, destinationPortConns(rule, destination, namespace, context));
    },
    destinationDependent: hasNamedPorts,
    get peerParts(): readonly PeerPart[] {
      const parts: PeerPart[] = [
        {
          // The policy's namespace decides the match only where entityMatches joins it (no namespaceSelector).
          key: `c${entityKey(peerSide)}${namespaceMatters(peerSide) ? `@${namespace ?? ''}` : ''}`,
          endpoints: true,
          externals: true,
          namespaces: (namespaces: readonly string[]) => entityNamespaces(peerSide, namespace, namespaces, context),
          matches: (peer: EvalPeer) => entityMatches(peerSide, peer, namespace, context),
        },
      ];
      Object.defineProperty(this, 'peerParts', { value: parts });
      return parts;
    },
  };
}

/** A rule without peers: every endpoint and every address. */
const EVERY_PEER: PeerPart = { key: '*', endpoints: true, externals: true, namespaces: () => undefined, matches: () => true };

/** One peer of a Kubernetes rule as a part, matching as matchingPeerIndex does (rules.ts). */
function kubernetesPeerPart(peer: PolicyPeer, policyNamespace: string, context: MatchContext): PeerPart {
  if (peer.type === 'ipBlock') {
    return {
      key: `b${peer.cidr}-${peer.except.join(',')}`,
      endpoints: false,
      externals: true,
      // An interval matches when it lies inside one of the block's (sorted, merged) intervals.
      externalRanges: peer.intervals,
      namespaces: () => [],
      matches: (p: EvalPeer) => p.type === 'external' && peerMatchesInterval(peer, p.interval),
    };
  }
  const namespaceSelector = peer.namespaceSelector;
  return {
    // Without a namespaceSelector the peer means the policy's namespace: its key says which.
    key: `s${namespaceSelector === undefined ? `@${policyNamespace}` : selectorKeyOf(namespaceSelector)}/${peer.podSelector === undefined ? '.' : selectorKeyOf(peer.podSelector)}`,
    endpoints: true,
    externals: false,
    namespaces: (namespaces: readonly string[]) => (namespaceSelector === undefined ? [policyNamespace] : namespaces.filter((ns) => k8sMatches(namespaceSelector, context.namespaceLabels(ns)))),
    matches: (p: EvalPeer) => p.type === 'endpoint' && peerMatchesWorkload(peer, policyNamespace, p.endpoint.workload, context.namespaceLabels(p.endpoint.namespace)),
  };
}

function selectorKeyOf(selector: LabelSelector): string {
  const labels = Object.keys(selector.matchLabels).sort().map((k) => `${k}=${selector.matchLabels[k]}`);
  const expressions = selector.matchExpressions.map((r) => `${r.key} ${r.operator} ${r.values.join(',')}`);
  return JSON.stringify([labels, expressions]);
}


/** An entity rule's identity for caching: everything that decides what it matches, except ports (they are the rule's conns). */
function entityKey(side: EntityRule): string {
  return JSON.stringify([side.nets, side.notNets, side.selector?.text, side.notSelector?.text, side.namespaceSelector?.text, side.serviceAccounts?.names, side.serviceAccounts?.selector?.text, side.services]);
}

const EMPTY_ENTITY_KEY = entityKey({});

/**
 * Whether entityMatches' answer for `side` depends on the policy's namespace: a Service named without
 * one, or a selector (or notSelector) without a namespaceSelector, which a namespaced policy joins with
 * its own namespace. Otherwise every namespace's copy of a rule matches the same peers.
 */
function namespaceMatters(side: EntityRule): boolean {
  if (side.services !== undefined) return !side.services.namespace;
  return side.namespaceSelector === undefined && (side.selector !== undefined || side.serviceAccounts !== undefined || side.notSelector !== undefined);
}

/** The namespaces whose endpoints `side` can match (see EvalRule.peerNamespaces), following entityMatches. */
function entityNamespaces(side: EntityRule, namespace: string | undefined, namespaces: readonly string[], context: MatchContext): readonly string[] | undefined {
  if (side.services !== undefined) return [side.services.namespace || namespace || ''];
  if (side.nets !== undefined) return [];
  const { joinNamespace } = entityShape(side, namespace);
  if (!joinNamespace) return undefined;
  if (side.namespaceSelector === undefined) return namespace === undefined ? [] : [namespace];
  return namespaces.filter((ns) => evaluateSelector(side.namespaceSelector!.root, { labels: context.calicoNamespaceLabels(ns), namespaced: true }, true));
}

/** Whether a side joins the namespace (getEndpointSelector) and has a positive part. */
function entityShape(side: EntityRule, namespace: string | undefined): { joinNamespace: boolean; hasPositive: boolean } {
  const hasSelectorPart = side.selector !== undefined || side.serviceAccounts !== undefined;
  const joinNamespace = side.namespaceSelector !== undefined || (namespace !== undefined && (hasSelectorPart || side.notSelector !== undefined));
  return { joinNamespace, hasPositive: hasSelectorPart || joinNamespace };
}

/** Protocol, notProtocol, ICMP and numeric destination ports: what the rule matches wherever it applies. */
function ruleBaseConns(rule: CalicoRule): ConnSet {
  let set = rule.protocol === undefined ? ALL_CONNS : protocolConns(rule.protocol.number);
  if (rule.notProtocol !== undefined) set = subtractConns(set, protocolConns(rule.notProtocol.number));
  if (rule.icmp !== undefined && rule.protocol?.number === 1) set = intersectConns(set, icmpConns(rule.icmp.type, rule.icmp.code));
  if (rule.notICMP !== undefined && rule.protocol?.number === 1) set = subtractConns(set, icmpConns(rule.notICMP.type, rule.notICMP.code));
  const protocol = protocolName(rule.protocol?.number);
  const ports = rule.destination.ports?.filter((p): p is { start: number; end: number } => !('name' in p));
  if (protocol !== undefined && rule.destination.ports !== undefined) {
    let allowed = NO_CONNS;
    for (const p of ports ?? []) allowed = unionConns(allowed, portConns(protocol, p.start, p.end));
    // Named ports are added per destination; keep them possible here.
    if (rule.destination.ports.some((p) => 'name' in p)) allowed = unionConns(allowed, portConns(protocol));
    set = intersectConns(set, allowed);
  }
  const notPorts = rule.destination.notPorts?.filter((p): p is { start: number; end: number } => !('name' in p));
  if (protocol !== undefined && notPorts !== undefined) for (const p of notPorts) set = subtractConns(set, portConns(protocol, p.start, p.end));
  return set;
}

function protocolName(number: number | undefined): Protocol | undefined {
  return number === 6 ? 'TCP' : number === 17 ? 'UDP' : number === 132 ? 'SCTP' : undefined;
}

/** Named ports (and a destination Service's ports) resolved against the destination. */
function destinationPortConns(rule: CalicoRule, destination: Subject, namespace: string | undefined, context: MatchContext): ConnSet {
  let result = ALL_CONNS;
  const protocol = protocolName(rule.protocol?.number);
  const resolve = (name: string, p: Protocol | undefined): ConnSet => {
    if (destination.type !== 'endpoint') return NO_CONNS;
    let found = NO_CONNS;
    for (const port of destination.endpoint.workload.ports) {
      if (port.name === name && (p === undefined || port.protocol === p)) found = unionConns(found, portConns(port.protocol, port.containerPort, port.containerPort));
    }
    return found;
  };
  const ports = rule.destination.ports;
  if (ports !== undefined && protocol !== undefined) {
    let allowed = NO_CONNS;
    for (const p of ports) allowed = unionConns(allowed, 'name' in p ? resolve(p.name, protocol) : portConns(protocol, p.start, p.end));
    result = intersectConns(result, allowed);
  }
  for (const p of rule.destination.notPorts ?? []) if ('name' in p) result = subtractConns(result, resolve(p.name, protocol));
  const services = rule.destination.services;
  if (services !== undefined) {
    const key = `${services.namespace || namespace}/${services.name}`;
    const service = context.services.get(key);
    let allowed = NO_CONNS;
    if (service?.selector !== undefined) {
      for (const port of service.ports) {
        allowed = unionConns(allowed, typeof port.targetPort === 'number' ? portConns(port.protocol, port.targetPort, port.targetPort) : resolve(port.targetPort, port.protocol));
      }
    } else {
      for (const e of context.serviceEndpoints.get(key) ?? []) for (const port of e.ports) allowed = unionConns(allowed, portConns(port.protocol, port.port, port.port));
    }
    result = intersectConns(result, allowed);
  }
  return result;
}

/** Source ports of a connection are the client's ephemeral port: the rule matches only if that holds for the whole range. */
function sourcePortsMatch(side: EntityRule): boolean {
  const inRange = (ports: readonly CalicoPort[]) => ports.some((p) => !('name' in p) && p.start <= EPHEMERAL_PORTS.start && p.end >= EPHEMERAL_PORTS.end);
  const overlaps = (ports: readonly CalicoPort[]) => ports.some((p) => 'name' in p || (p.start <= EPHEMERAL_PORTS.end && p.end >= EPHEMERAL_PORTS.start));
  if (side.ports !== undefined && !inRange(side.ports)) return false;
  if (side.notPorts !== undefined && overlaps(side.notPorts)) return false;
  return true;
}

/**
 * Whether one side of a rule (source or destination) matches `subject`, following
 * updateprocessors/rules.go getEndpointSelector: the selector (and serviceAccounts) is joined with
 * the namespaceSelector, or in a namespaced policy with the policy's namespace, whenever the side
 * has a selector, notSelector or namespaceSelector; notSelector stands alone. Pods never match nets
 * (their addresses are not known offline, as ipBlocks never match pods); external ranges match
 * selectors only through the NetworkSets whose nets contain them.
 */
function entityMatches(side: EntityRule, subject: Subject, namespace: string | undefined, context: MatchContext): boolean {
  const { joinNamespace, hasPositive } = entityShape(side, namespace);

  if (side.services !== undefined) return serviceMatches(side.services, subject, namespace, context);

  if (subject.type === 'endpoint') {
    const e = subject.endpoint;
    if (side.nets !== undefined) return false;
    if (hasPositive && !positiveMatches(side, { labels: e.labels, namespace: e.namespace, namespaceLabels: e.namespaceLabels, serviceAccountLabels: e.serviceAccountLabels }, namespace, joinNamespace)) return false;
    if (side.notSelector !== undefined && evaluateSelector(side.notSelector.root, { labels: e.labels })) return false;
    return true;
  }
  const interval = subject.interval;
  if (side.nets !== undefined && !intervalInside(interval, side.nets)) return false;
  if (side.notNets !== undefined && side.notNets.some((n) => n.start <= interval.end && n.end >= interval.start)) return false;
  const containing = context.networkSets.filter((s) => intervalInside(interval, s.set.nets));
  if (hasPositive && !containing.some((s) => positiveMatches(side, { labels: s.labels, namespace: s.set.namespace, namespaceLabels: s.namespaceLabels }, namespace, joinNamespace))) return false;
  if (side.notSelector !== undefined && containing.some((s) => evaluateSelector(side.notSelector!.root, { labels: s.labels }))) return false;
  return true;
}

interface SelectorTarget {
  readonly labels: Labels;
  readonly namespace?: string;
  readonly namespaceLabels: Labels;
  /** Undefined: not a pod (a NetworkSet), so it has no service account. */
  readonly serviceAccountLabels?: Labels;
}

function positiveMatches(side: EntityRule, target: SelectorTarget, policyNamespace: string | undefined, joinNamespace: boolean): boolean {
  if (joinNamespace) {
    if (side.namespaceSelector !== undefined) {
      if (!evaluateSelector(side.namespaceSelector.root, { labels: target.namespaceLabels, namespaced: target.namespace !== undefined }, true)) return false;
    } else if (target.namespace !== policyNamespace) {
      return false;
    }
  }
  if (side.serviceAccounts !== undefined) {
    const sa = side.serviceAccounts;
    if (sa.names.length > 0 && (target.serviceAccountLabels === undefined || !sa.names.includes(target.labels[LABEL_SERVICE_ACCOUNT]))) return false;
    if (sa.selector !== undefined && !evaluateSelector(sa.selector.root, { labels: target.serviceAccountLabels ?? {} })) return false;
  }
  if (side.selector !== undefined && !evaluateSelector(side.selector.root, { labels: target.labels })) return false;
  return true;
}

function serviceMatches(services: NonNullable<EntityRule['services']>, subject: Subject, policyNamespace: string | undefined, context: MatchContext): boolean {
  const key = `${services.namespace || policyNamespace}/${services.name}`;
  const service = context.services.get(key);
  if (subject.type === 'endpoint') {
    const e = subject.endpoint;
    if (service?.selector !== undefined) return e.namespace === service.namespace && Object.entries(service.selector).every(([k, v]) => e.workload.labels[k] === v);
    return (context.serviceEndpoints.get(key) ?? []).some((s) => s.podNames.includes(e.workload.name) && e.namespace === s.namespace);
  }
  if (service?.selector !== undefined) return false;
  return (context.serviceEndpoints.get(key) ?? []).some((s) => s.addresses.some((a) => a >= subject.interval.start && a <= subject.interval.end && subject.interval.start === subject.interval.end));
}

/** The policies of one tier that apply to an endpoint in one direction, in evaluation order. */
export interface TierStep {
  readonly tier: EvalTier;
  readonly policies: readonly EvalPolicy[];
}

/** The tiers (with their applying policies) Felix walks for `endpoint` in `direction`; tiers without any are skipped. */
export function tiersFor(evaluation: CalicoEvaluation, endpoint: Endpoint, direction: Direction): TierStep[] {
  const steps: TierStep[] = [];
  let current: { tier: EvalTier; policies: EvalPolicy[] } | undefined;
  for (const policy of evaluation.policiesFor(endpoint, direction)) {
    if (current === undefined || current.tier !== policy.tier) {
      current = { tier: policy.tier, policies: [] };
      steps.push(current);
    }
    current.policies.push(policy);
  }
  return steps;
}

/** The connections Felix allows between `local` and `peer` in `direction`, given the tiers that apply. */
export function allowedConns(steps: readonly TierStep[], direction: Direction, local: Endpoint, peer: EvalPeer): ConnSet {
  return walkTiers(steps, direction, (rule) => rule.conns(local, peer));
}

/**
 * Felix's walk through the tiers, given what each rule matches (`ruleConns`, with the rule's position
 * among all the steps' rules of that direction, counting from 0): the single definition of the
 * evaluation order, which allowedConns and the listing share.
 */
export function walkTiers(steps: readonly TierStep[], direction: Direction, ruleConns: (rule: EvalRule, position: number) => ConnSet): ConnSet {
  if (steps.length === 0) return ALL_CONNS;
  let remaining = ALL_CONNS;
  let allowed = NO_CONNS;
  let position = -1;
  for (const step of steps) {
    let inTier = remaining;
    let passed = NO_CONNS;
    for (const policy of step.policies) {
      for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
        position++;
        if (rule.action === 'Log' || isEmptyConns(inTier)) continue;
        const matched = intersectConns(inTier, ruleConns(rule, position));
        if (isEmptyConns(matched)) continue;
        if (rule.action === 'Allow') allowed = unionConns(allowed, matched);
        else if (rule.action === 'Pass') passed = unionConns(passed, matched);
        inTier = subtractConns(inTier, matched);
      }
    }
    remaining = step.tier.defaultAction === 'Pass' ? unionConns(passed, inTier) : passed;
    if (isEmptyConns(remaining)) return allowed;
  }
  // What no tier decided reaches the profiles, which allow it for Kubernetes pods.
  return unionConns(allowed, remaining);
}

export function describeLocation(source: SourceLocation): string {
  return formatLocation(source);
}
