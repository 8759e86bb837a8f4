import { containsConn, type ConnPart } from '../conn-set';
import { formatLocation } from '../errors';
import type { Direction, SourceLocation } from '../types';
import { tiersFor, type CalicoEvaluation, type Endpoint, type EvalPeer, type EvalRule } from './evaluate';

/** One packet of the explained connection: a part of the connection space and a value in it. */
export interface Packet {
  readonly part: ConnPart;
  /** The destination port (TCP/UDP/SCTP), type×256+code (ICMP), or the protocol number (OTHER). */
  readonly value: number;
}

/** A rule that matched the packet, as the trace names it. */
export interface RuleHit {
  /** `spec.egress[1]`. */
  readonly field: string;
  readonly action: 'Allow' | 'Deny' | 'Pass' | 'Log';
  readonly file: string;
  readonly line?: number;
  /** What the rule leaves undecided (HTTP match, source ports), said with the verdict. */
  readonly undecided: readonly string[];
}

export interface PolicyTrace {
  /** `GlobalNetworkPolicy platform.allow-cluster-dns`, `NetworkPolicy loki/default-deny`. */
  readonly policy: string;
  /** Undefined: no order (sorts last in its tier). */
  readonly order?: number;
  readonly file: string;
  readonly line?: number;
  /** Log rules that matched before the deciding rule (or before the policy ran out of rules). */
  readonly logged: readonly RuleHit[];
  /** The Allow, Deny or Pass rule that matched; undefined: none did, evaluation went on with the next policy. */
  readonly decided?: RuleHit;
}

export interface TierTrace {
  readonly tier: string;
  readonly order?: number;
  readonly defaultAction: 'Deny' | 'Pass';
  /** Undefined for Calico's own default tier. */
  readonly source?: SourceLocation;
  /** The policies of the tier that select the endpoint for this direction, in evaluation order, up to the deciding one. */
  readonly policies: readonly PolicyTrace[];
  /** allow/deny/pass by a rule, or the tier's end: end-of-tier-deny or end-of-tier-pass. */
  readonly outcome: 'allow' | 'deny' | 'pass' | 'end-of-tier-deny' | 'end-of-tier-pass';
}

export interface CalicoSideTrace {
  /** allowed: a rule allowed it, or no tier decided and the profile allowed it. */
  readonly verdict: 'allowed' | 'denied';
  /** Tiers that have a policy for the endpoint in this direction, up to the deciding one. Empty: no tier selects it. */
  readonly tiers: readonly TierTrace[];
  /** True when no tier decided (none selects it, or every one passed) and the namespace profile allowed it. */
  readonly byProfile: boolean;
}

function hit(rule: EvalRule): RuleHit {
  return {
    field: `spec.${rule.direction === 'Ingress' ? 'ingress' : 'egress'}[${rule.index}]`,
    action: rule.action,
    file: rule.policy.source.file,
    line: rule.line ?? rule.policy.source.line,
    undecided: rule.undecided,
  };
}

/** Felix's path for one packet on one side, with the same rule matching as the listing. */
export function traceSide(evaluation: CalicoEvaluation, local: Endpoint, direction: Direction, peer: EvalPeer, packet: Packet): CalicoSideTrace {
  const tiers: TierTrace[] = [];
  for (const step of tiersFor(evaluation, local, direction)) {
    const policies: PolicyTrace[] = [];
    let outcome: TierTrace['outcome'] | undefined;
    for (const policy of step.policies) {
      const logged: RuleHit[] = [];
      let decided: RuleHit | undefined;
      for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
        if (!containsConn(rule.conns(local, peer), packet.part, packet.value)) continue;
        if (rule.action === 'Log') {
          logged.push(hit(rule));
          continue;
        }
        decided = hit(rule);
        break;
      }
      policies.push({ policy: policy.display, order: policy.order, file: policy.source.file, line: policy.source.line, logged, decided });
      if (decided !== undefined) {
        outcome = decided.action === 'Allow' ? 'allow' : decided.action === 'Deny' ? 'deny' : 'pass';
        break;
      }
    }
    outcome ??= step.tier.defaultAction === 'Pass' ? 'end-of-tier-pass' : 'end-of-tier-deny';
    tiers.push({ tier: step.tier.name, order: step.tier.order, defaultAction: step.tier.defaultAction, source: step.tier.source, policies, outcome });
    if (outcome === 'allow') return { verdict: 'allowed', tiers, byProfile: false };
    if (outcome === 'deny' || outcome === 'end-of-tier-deny') return { verdict: 'denied', tiers, byProfile: false };
  }
  return { verdict: 'allowed', tiers, byProfile: true };
}

function formatHit(rule: RuleHit): string {
  return `${rule.field} (${formatLocation({ file: rule.file, line: rule.line })}) ${rule.action}`;
}

/** The trace as indented lines under a side's heading. */
export function formatTrace(trace: CalicoSideTrace, direction: Direction): string[] {
  const lines: string[] = [];
  if (trace.tiers.length === 0) {
    lines.push(`  no tier has a policy that selects it for ${direction}, so its namespace profile allows everything`);
    return lines;
  }
  for (const tier of trace.tiers) {
    const where = tier.source === undefined ? '' : `, ${formatLocation(tier.source)}`;
    lines.push(`  tier ${tier.tier} (order ${tier.order ?? 'none'}, defaultAction ${tier.defaultAction}${where}):`);
    for (const policy of tier.policies) {
      const head = `    ${policy.policy} (order ${policy.order ?? 'none'}, ${formatLocation({ file: policy.file, line: policy.line })}): `;
      const parts = policy.logged.map((l) => `${formatHit(l)} (logged, goes on)`);
      parts.push(policy.decided === undefined ? 'no rule matches, next policy' : `${formatHit(policy.decided)} matches`);
      lines.push(head + parts.join('; '));
      for (const text of policy.decided?.undecided ?? []) lines.push(`      caution: ${text}`);
    }
    switch (tier.outcome) {
      case 'allow':
        lines.push('    => allowed');
        break;
      case 'deny':
        lines.push('    => denied');
        break;
      case 'pass':
        lines.push('    => passed to the next tier');
        break;
      case 'end-of-tier-deny':
        lines.push(`    => end of tier ${tier.tier}: no policy matched, so its defaultAction Deny denies it`);
        break;
      case 'end-of-tier-pass':
        lines.push(`    => end of tier ${tier.tier}: no policy matched, so its defaultAction Pass passes it to the next tier`);
        break;
    }
  }
  if (trace.byProfile) lines.push('  no later tier has a policy for it, so its namespace profile allows it');
  return lines;
}
