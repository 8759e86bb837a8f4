import { ALL_CONNS, intersectConns, isEmptyConns, NO_CONNS, toPortSet, type ConnSet } from './conn-set';
import { splitIntoAtoms } from './ip-blocks';
import { externalLabel, workloadLabel } from './labels';
import type { PortSet } from './ports';
import type { Direction, IpInterval, Model } from './types';
import { buildEvaluation, walkTiers, type CalicoEvaluation, type Endpoint, type EvalPeer, type EvalPolicy, type EvalRule, type PeerPart, type TierStep } from './calico/evaluate';
import type { Connection, ExternalPeer, Peer, WorkloadPeer } from './connectivity';

/**
 * The listing: every allowed connection, for Kubernetes NetworkPolicies alone or with Calico's tiers.
 * The semantics are evaluate.ts's (the Kubernetes policies as Calico's default tier, walked by
 * walkTiers); this file only decides which pairs to look at and how often to work a verdict out.
 *
 * - Each rule's peers are found once, as a bitset over the peers in output order; rules whose peer
 *   side is the same (the same selectors, or the same namespaceSelector in every namespace's copy of a
 *   policy) share it, and a namespaced peer side looks at its namespaces' endpoints only.
 * - Each endpoint's side of a direction (the policies that select it, which of their rules its own side
 *   matches, and what those match towards it) is a class; endpoints with the same side share it.
 * - A pair's verdict depends only on which of the class's rules match the peer (and, for named ports
 *   towards the peer, on its container ports), so it is worked out once per class and such signature.
 * - A source whose egress allows nothing by default looks only at the peers of its allowing rules.
 * - Connection sets are interned, and their intersections memoised, so a pair allocates nothing but its
 *   Connection.
 */
export function listAllowed(model: Model, calico: boolean): Connection[] {
  const evaluation = buildEvaluation(model, { kubernetesOnly: !calico });
  const k8sIntervals = { Ingress: [] as IpInterval[], Egress: [] as IpInterval[] };
  for (const policy of model.policies) {
    for (const rule of policy.ingress) for (const peer of rule.peers ?? []) if (peer.type === 'ipBlock') k8sIntervals.Ingress.push(...peer.intervals);
    for (const rule of policy.egress) for (const peer of rule.peers ?? []) if (peer.type === 'ipBlock') k8sIntervals.Egress.push(...peer.intervals);
  }
  const sourceAtoms = splitIntoAtoms(calico ? [...k8sIntervals.Ingress, ...evaluation.ingressIntervals] : k8sIntervals.Ingress);
  const destinationAtoms = splitIntoAtoms(calico ? [...k8sIntervals.Egress, ...evaluation.egressIntervals] : k8sIntervals.Egress);
  return new Listing(model, evaluation, sourceAtoms, destinationAtoms, calico).run();
}

/** The peers of one side (sources or destinations) in output order: workloads and external atoms, by label. */
interface Order {
  readonly peers: readonly Peer[];
  /** The workload index at each rank, or -1 for an atom. */
  readonly workloadAt: Int32Array;
  /** The atom index at each rank, or -1 for a workload. */
  readonly atomAt: Int32Array;
  readonly rankOfWorkload: Int32Array;
  readonly rankOfAtom: Int32Array;
  readonly words: number;
}

/** One endpoint's side of one direction, shared by every endpoint whose side is the same. */
interface SideClass {
  readonly direction: Direction;
  readonly steps: readonly TierStep[];
  /** Per rule of the steps (in walkTiers' positions): its index among `active`, or -1. */
  readonly activeAt: Int32Array;
  /** The rules that can match (not Log, local side matching), with their peers and connections. */
  readonly rules: readonly EvalRule[];
  readonly bits: readonly Uint32Array[];
  /** Connection id per active rule; -1 when it depends on the destination peer (egress named ports). */
  readonly conns: Int32Array;
  /** Verdicts by signature: the mask of matching rules (a small integer, so no allocation per lookup). */
  readonly memo: Map<number, number>;
  /** The same for signatures with a destination-dependent rule, per port profile of the destination. */
  readonly memoByProfile: (Map<number, number> | undefined)[];
  /** Signatures of more than 30 rules, as strings. */
  readonly memoByText: Map<string, number>;
  /** The verdict for a peer no rule matches. */
  readonly none: number;
  /** Egress: the peers that can have a verdict other than `none` when that is empty; undefined: every peer. */
  readonly candidates?: Uint32Array;
}

/** What every endpoint selected by one list of policies shares, for one direction. */
interface Template {
  readonly direction: Direction;
  readonly steps: readonly TierStep[];
  /** Every rule of the steps, in walkTiers' positions. */
  readonly rules: readonly EvalRule[];
  /** Positions of the rules whose local side (or, for ingress, connections) depends on the endpoint. */
  readonly varying: readonly number[];
  /** The verdict for a peer no rule matches (0: nothing, 1: everything). */
  readonly none: number;
  /** Its classes, by what the varying rules say for an endpoint. */
  readonly classes: Map<string, SideClass>;
}

const EXTERNAL_PROFILE = 0;

class Listing {
  private readonly endpoints: readonly Endpoint[];
  private readonly endpointPeers: readonly EvalPeer[];
  private readonly sources: Order;
  private readonly destinations: Order;
  private readonly sourceAtomPeers: readonly EvalPeer[];
  private readonly destinationAtomPeers: readonly EvalPeer[];
  private readonly namespaces: readonly string[];
  private readonly byNamespace = new Map<string, number[]>();
  /** Port profile per workload: endpoints with the same container ports resolve named ports alike. */
  private readonly profile: Int32Array;
  private readonly sets: ConnSet[] = [];
  private readonly setIds = new Map<ConnSet, number>();
  private readonly setKeys = new Map<string, number>();
  /** Intersections by the first set's id, then the second's. */
  private readonly intersections: (Map<number, number> | undefined)[] = [];
  private readonly portSets: (PortSet | undefined)[] = [];
  private readonly peerBits = new Map<string, Uint32Array>();
  private readonly ruleBits = new Map<string, Uint32Array>();
  private readonly dependentConns = new Map<EvalRule, Int32Array>();
  private readonly templates = { Ingress: new Map<readonly EvalPolicy[], Template>(), Egress: new Map<readonly EvalPolicy[], Template>() };
  private readonly profileCount: number;
  private readonly classOf: { Ingress: (SideClass | undefined)[]; Egress: (SideClass | undefined)[] };

  constructor(
    model: Model,
    private readonly evaluation: CalicoEvaluation,
    sourceAtoms: readonly IpInterval[],
    destinationAtoms: readonly IpInterval[],
    private readonly calico: boolean,
  ) {
    this.endpoints = evaluation.endpoints;
    this.endpointPeers = this.endpoints.map((endpoint) => ({ type: 'endpoint', endpoint }));
    this.sourceAtomPeers = sourceAtoms.map((interval) => ({ type: 'external', interval }));
    this.destinationAtomPeers = destinationAtoms.map((interval) => ({ type: 'external', interval }));
    const workloadPeers: WorkloadPeer[] = model.workloads.map((workload) => ({ type: 'workload', workload, label: workloadLabel(workload) }));
    this.sources = order(workloadPeers, sourceAtoms);
    this.destinations = order(workloadPeers, destinationAtoms);
    this.endpoints.forEach((endpoint, index) => {
      const list = this.byNamespace.get(endpoint.namespace);
      if (list === undefined) this.byNamespace.set(endpoint.namespace, [index]);
      else list.push(index);
    });
    this.namespaces = [...this.byNamespace.keys()];
    const profiles = new Map<string, number>();
    this.profile = new Int32Array(model.workloads.length);
    model.workloads.forEach((workload, index) => {
      const key = JSON.stringify(workload.ports);
      let id = profiles.get(key);
      if (id === undefined) {
        id = profiles.size + 1;
        profiles.set(key, id);
      }
      this.profile[index] = id;
    });
    this.profileCount = profiles.size;
    this.classOf = { Ingress: new Array(model.workloads.length), Egress: new Array(model.workloads.length) };
    this.intern(NO_CONNS);
    this.intern(ALL_CONNS);
  }

  run(): Connection[] {
    const connections: Connection[] = [];
    const { sources, destinations } = this;
    const push = (src: Peer, dst: Peer, id: number) => {
      const conns = this.sets[id];
      let ports = this.portSets[id];
      if (ports === undefined) {
        ports = toPortSet(conns);
        this.portSets[id] = ports;
      }
      connections.push(this.calico ? { src, dst, ports, conns } : { src, dst, ports });
    };
    for (let rank = 0; rank < sources.peers.length; rank++) {
      const source = sources.workloadAt[rank];
      const sourcePeer = sources.peers[rank];
      if (source < 0) {
        // An external source: only the destination's ingress decides.
        for (let d = 0; d < destinations.peers.length; d++) {
          const destination = destinations.workloadAt[d];
          if (destination < 0) continue;
          const id = this.verdict(this.sideClass(destination, 'Ingress'), rank, EXTERNAL_PROFILE, -1);
          if (id !== 0) push(sourcePeer, destinations.peers[d], id);
        }
        continue;
      }
      const egress = this.sideClass(source, 'Egress');
      const sourceRank = rank;
      const visit = (d: number) => {
        const destination = destinations.workloadAt[d];
        if (destination === source) return;
        const out = this.verdict(egress, d, destination < 0 ? EXTERNAL_PROFILE : this.profile[destination], destination);
        if (out === 0) return;
        if (destination < 0) {
          push(sourcePeer, destinations.peers[d], out);
          return;
        }
        const id = this.intersect(out, this.verdict(this.sideClass(destination, 'Ingress'), sourceRank, EXTERNAL_PROFILE, -1));
        if (id !== 0) push(sourcePeer, destinations.peers[d], id);
      };
      const candidates = egress.candidates;
      if (candidates === undefined) {
        for (let d = 0; d < destinations.peers.length; d++) visit(d);
      } else {
        for (let word = 0; word < candidates.length; word++) {
          let bits = candidates[word];
          while (bits !== 0) {
            const lowest = bits & -bits;
            bits ^= lowest;
            visit(word * 32 + 31 - Math.clz32(lowest));
          }
        }
      }
    }
    return connections;
  }

  /**
   * The class's verdict for the peer at `rank` (in the peer order of the class's direction). `profile`
   * and `destination` (a workload index, -1 for none) matter only for rules whose connections depend on
   * the destination peer.
   */
  private verdict(side: SideClass, rank: number, profile: number, destination: number): number {
    const word = rank >>> 5;
    const bit = 1 << (rank & 31);
    const bits = side.bits;
    const count = bits.length;
    if (count <= 30) {
      let mask = 0;
      let dependent = false;
      for (let k = 0; k < count; k++) {
        if ((bits[k][word] & bit) !== 0) {
          mask |= 1 << k;
          if (side.conns[k] < 0) dependent = true;
        }
      }
      if (mask === 0) return side.none;
      let memo = side.memo;
      if (dependent) {
        memo = side.memoByProfile[profile] ?? new Map();
        side.memoByProfile[profile] = memo;
      }
      let id = memo.get(mask);
      if (id === undefined) {
        id = this.evaluate(side, (k) => (mask & (1 << k)) !== 0, destination);
        memo.set(mask, id);
      }
      return id;
    }
    const matched: number[] = [];
    let dependent = false;
    for (let k = 0; k < count; k++) {
      if ((bits[k][word] & bit) !== 0) {
        matched.push(k);
        if (side.conns[k] < 0) dependent = true;
      }
    }
    if (matched.length === 0) return side.none;
    const key = `${dependent ? profile : ''}:${matched.join(',')}`;
    let id = side.memoByText.get(key);
    if (id === undefined) {
      const set = new Set(matched);
      id = this.evaluate(side, (k) => set.has(k), destination);
      side.memoByText.set(key, id);
    }
    return id;
  }

  /** walkTiers with the class's rules matching as `matched` says. */
  private evaluate(side: SideClass, matched: (k: number) => boolean, destination: number): number {
    const result = walkTiers(side.steps, side.direction, (rule, position) => {
      const k = side.activeAt[position];
      if (k < 0 || !matched(k)) return NO_CONNS;
      const id = side.conns[k];
      return this.sets[id >= 0 ? id : this.destinationConns(rule, destination)];
    });
    return this.intern(result);
  }

  /** A destination-dependent rule's connections towards a workload (or an external peer), per port profile. */
  private destinationConns(rule: EvalRule, destination: number): number {
    let byProfile = this.dependentConns.get(rule);
    if (byProfile === undefined) {
      byProfile = new Int32Array(this.profileCount + 1).fill(-1);
      this.dependentConns.set(rule, byProfile);
    }
    const profile = destination < 0 ? EXTERNAL_PROFILE : this.profile[destination];
    let id = byProfile[profile];
    if (id < 0) {
      id = this.intern(rule.destinationConns(destination < 0 ? EXTERNAL : this.endpointPeers[destination]));
      byProfile[profile] = id;
    }
    return id;
  }

  /** The class of a workload's side of a direction: its policies' template, then what varies per endpoint. */
  private sideClass(workload: number, direction: Direction): SideClass {
    const cached = this.classOf[direction][workload];
    if (cached !== undefined) return cached;
    const endpoint = this.endpoints[workload];
    const policies = this.evaluation.policiesFor(endpoint, direction);
    let template = this.templates[direction].get(policies);
    if (template === undefined) {
      template = this.template(policies, direction);
      this.templates[direction].set(policies, template);
    }
    let key = '';
    for (const k of template.varying) {
      const rule = template.rules[k];
      if (!rule.matchesLocal(endpoint)) key += 'n,';
      else if (direction === 'Ingress' && rule.destinationDependent) key += `${this.destinationConns(rule, workload)},`;
      else key += 'y,';
    }
    let side = template.classes.get(key);
    if (side === undefined) {
      side = this.makeClass(template, endpoint, workload);
      template.classes.set(key, side);
    }
    this.classOf[direction][workload] = side;
    return side;
  }

  /** What the endpoints that one list of policies selects share: the steps, the rules, which rules' local side varies. */
  private template(policies: readonly EvalPolicy[], direction: Direction): Template {
    const steps = stepsOf(policies);
    const rules: EvalRule[] = [];
    const varying: number[] = [];
    for (const step of steps) {
      for (const policy of step.policies) {
        for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
          if (!rule.localIsConstant || (direction === 'Ingress' && rule.destinationDependent)) varying.push(rules.length);
          rules.push(rule);
        }
      }
    }
    // With no rule matching, the walk ends in the first tier whose defaultAction is Deny; past every tier, the profile allows.
    const none = steps.every((step) => step.tier.defaultAction === 'Pass') ? 1 : 0;
    return { direction, steps, rules, varying, none, classes: new Map() };
  }

  private makeClass(template: Template, endpoint: Endpoint, workload: number): SideClass {
    const { direction } = template;
    const activeAt = new Int32Array(template.rules.length).fill(-1);
    const rules: EvalRule[] = [];
    const conns: number[] = [];
    template.rules.forEach((rule, position) => {
      if (rule.action === 'Log' || !rule.matchesLocal(endpoint)) return;
      activeAt[position] = rules.length;
      rules.push(rule);
      // Ingress: the destination is this endpoint. Egress: the peer, unless the rule ignores it.
      conns.push(!rule.destinationDependent ? this.intern(rule.destinationConns(EXTERNAL)) : direction === 'Ingress' ? this.destinationConns(rule, workload) : -1);
    });
    const bits = rules.map((rule) => this.bitsOf(rule));
    return {
      direction,
      steps: template.steps,
      activeAt,
      rules,
      bits,
      conns: Int32Array.from(conns),
      memo: new Map(),
      memoByProfile: [],
      memoByText: new Map(),
      none: template.none,
      candidates: template.none === 0 && direction === 'Egress' ? this.candidates(template, activeAt, bits) : undefined,
    };
  }

  /**
   * The peers whose verdict can be something when no rule matching means nothing: those an Allow
   * rule matches, and those that can pass every tier to the profile (each tier passes them by a Pass
   * rule or by its defaultAction Pass). Others match only Deny rules, or nothing, on the way to a
   * tier's end that denies.
   */
  private candidates(template: Template, activeAt: Int32Array, bits: readonly Uint32Array[]): Uint32Array {
    const words = this.destinations.words;
    const allowed = new Uint32Array(words);
    let reach: Uint32Array | undefined;
    let position = 0;
    for (const step of template.steps) {
      const passed = step.tier.defaultAction === 'Pass' ? undefined : new Uint32Array(words);
      for (const policy of step.policies) {
        for (const rule of template.direction === 'Ingress' ? policy.ingress : policy.egress) {
          const k = activeAt[position++];
          if (k < 0) continue;
          const into = rule.action === 'Allow' ? allowed : rule.action === 'Pass' ? passed : undefined;
          if (into === undefined) continue;
          const b = bits[k];
          for (let i = 0; i < words; i++) into[i] |= b[i];
        }
      }
      // The peers that get past this tier: every one (defaultAction Pass), or those a Pass rule matches.
      if (passed !== undefined) {
        if (reach === undefined) reach = passed;
        else for (let i = 0; i < words; i++) reach[i] &= passed[i];
      }
    }
    if (reach !== undefined) for (let i = 0; i < words; i++) allowed[i] |= reach[i];
    return allowed;
  }

  /** The peers a rule matches, as a bitset over the peer order of its direction: the union of its parts'. */
  private bitsOf(rule: EvalRule): Uint32Array {
    const parts = rule.peerParts;
    if (parts.length === 1) return this.partBits(rule.direction, parts[0]);
    const key = `${rule.direction}${parts.map((part) => part.key).join('\u0000')}`;
    let bits = this.ruleBits.get(key);
    if (bits === undefined) {
      bits = new Uint32Array((rule.direction === 'Egress' ? this.destinations : this.sources).words);
      for (const part of parts) {
        const partBits = this.partBits(rule.direction, part);
        for (let i = 0; i < bits.length; i++) bits[i] |= partBits[i];
      }
      this.ruleBits.set(key, bits);
    }
    return bits;
  }

  /** The peers one part matches, found once per distinct part and direction. */
  private partBits(direction: Direction, part: PeerPart): Uint32Array {
    const key = `${direction}${part.key}`;
    const cached = this.peerBits.get(key);
    if (cached !== undefined) return cached;
    const order = direction === 'Egress' ? this.destinations : this.sources;
    const bits = new Uint32Array(order.words);
    if (part.endpoints) {
      const namespaces = part.namespaces(this.namespaces);
      const check = (index: number) => {
        if (part.matches(this.endpointPeers[index])) {
          const rank = order.rankOfWorkload[index];
          bits[rank >>> 5] |= 1 << (rank & 31);
        }
      };
      if (namespaces === undefined) {
        for (let index = 0; index < this.endpoints.length; index++) check(index);
      } else {
        for (const namespace of namespaces) for (const index of this.byNamespace.get(namespace) ?? []) check(index);
      }
    }
    if (part.externals) {
      const atoms = direction === 'Egress' ? this.destinationAtomPeers : this.sourceAtomPeers;
      const check = (atom: number) => {
        if (part.matches(atoms[atom])) {
          const rank = order.rankOfAtom[atom];
          bits[rank >>> 5] |= 1 << (rank & 31);
        }
      };
      if (part.externalRanges === undefined) {
        for (let atom = 0; atom < atoms.length; atom++) check(atom);
      } else {
        // Atoms are sorted and disjoint: only those starting inside a range can lie inside it.
        for (const range of part.externalRanges) {
          for (let atom = firstAtomFrom(atoms, range.start); atom < atoms.length && atomStart(atoms[atom]) <= range.end; atom++) check(atom);
        }
      }
    }
    this.peerBits.set(key, bits);
    return bits;
  }

  private intern(set: ConnSet): number {
    let id = this.setIds.get(set);
    if (id !== undefined) return id;
    const key = `${set.TCP.join(',')}|${set.UDP.join(',')}|${set.SCTP.join(',')}|${set.ICMP.join(',')}|${set.OTHER.join(',')}`;
    id = this.setKeys.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.setKeys.set(key, id);
    }
    this.setIds.set(set, id);
    return id;
  }

  private intersect(a: number, b: number): number {
    if (a === b || b === 1) return a;
    if (a === 1) return b;
    if (a === 0 || b === 0) return 0;
    let byB = this.intersections[a];
    if (byB === undefined) {
      byB = new Map();
      this.intersections[a] = byB;
    }
    let id = byB.get(b);
    if (id === undefined) {
      const set = intersectConns(this.sets[a], this.sets[b]);
      id = isEmptyConns(set) ? 0 : this.intern(set);
      byB.set(b, id);
    }
    return id;
  }
}

function atomStart(peer: EvalPeer): number {
  return peer.type === 'external' ? peer.interval.start : 0;
}

/** The first of the sorted atoms that starts at or after `start`. */
function firstAtomFrom(atoms: readonly EvalPeer[], start: number): number {
  let low = 0;
  let high = atoms.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (atomStart(atoms[middle]) < start) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** An external peer for rules whose connections do not depend on the peer. */
const EXTERNAL: EvalPeer = { type: 'external', interval: { start: 0, end: 0 } };

function stepsOf(policies: readonly { readonly tier: TierStep['tier'] }[]): TierStep[] {
  const steps: { tier: TierStep['tier']; policies: TierStep['policies'][number][] }[] = [];
  for (const policy of policies as readonly TierStep['policies'][number][]) {
    const last = steps[steps.length - 1];
    if (last === undefined || last.tier !== policy.tier) steps.push({ tier: policy.tier, policies: [policy] });
    else last.policies.push(policy);
  }
  return steps;
}

function order(workloads: readonly WorkloadPeer[], atoms: readonly IpInterval[]): Order {
  const entries: { peer: Peer; workload: number; atom: number }[] = [
    ...workloads.map((peer, index) => ({ peer: peer as Peer, workload: index, atom: -1 })),
    ...atoms.map((interval, index) => ({ peer: { type: 'external', interval, label: externalLabel(interval) } as ExternalPeer as Peer, workload: -1, atom: index })),
  ].sort((a, b) => (a.peer.label < b.peer.label ? -1 : a.peer.label > b.peer.label ? 1 : 0));
  const rankOfWorkload = new Int32Array(workloads.length);
  const rankOfAtom = new Int32Array(atoms.length);
  const workloadAt = new Int32Array(entries.length);
  const atomAt = new Int32Array(entries.length);
  entries.forEach((entry, rank) => {
    workloadAt[rank] = entry.workload;
    atomAt[rank] = entry.atom;
    if (entry.workload >= 0) rankOfWorkload[entry.workload] = rank;
    else rankOfAtom[entry.atom] = rank;
  });
  return { peers: entries.map((e) => e.peer), workloadAt, atomAt, rankOfWorkload, rankOfAtom, words: Math.ceil(entries.length / 32) };
}

