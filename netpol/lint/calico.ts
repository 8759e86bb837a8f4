import { buildEvaluation, tiersFor, type CalicoEvaluation, type EvalPolicy, type EvalRule } from '../analyzer/calico/evaluate';
import { DEFAULT_TIER, type CalicoPolicy, type CalicoRule } from '../analyzer/calico/model';
import type { Direction, Model } from '../analyzer';
import { describeObject } from '../analyzer/errors';
import type { Finding, LintRule } from './types';

/** Helpers shared by the Calico lint rules (calico-*.ts). */

export function calicoObject(policy: Pick<CalicoPolicy, 'kind' | 'namespace' | 'name'>): string {
  return describeObject(policy.kind, policy.name, policy.namespace);
}

export function calicoFinding(rule: LintRule, policy: CalicoPolicy, line: number | undefined, message: string): Finding {
  return { ruleId: rule.id, severity: rule.severity, file: policy.source.file, line: line ?? policy.source.line, object: calicoObject(policy), message };
}

export function field(direction: Direction, index: number): string {
  return `spec.${direction === 'Ingress' ? 'ingress' : 'egress'}[${index}]`;
}

/** A Calico rule that matches every packet: no protocol, ICMP, IP version, source or destination criteria. */
export function isUnconditional(rule: CalicoRule): boolean {
  const empty = (side: CalicoRule['source']) => Object.values(side).every((v) => v === undefined);
  return rule.protocol === undefined && rule.notProtocol === undefined && rule.icmp === undefined && rule.notICMP === undefined && rule.neverMatches === undefined && empty(rule.source) && empty(rule.destination);
}

/** An evaluated rule that ends the evaluation of every packet that reaches it. */
export function endsEverything(rule: EvalRule): boolean {
  if (rule.action === 'Log') return false;
  if (rule.calico !== undefined) return isUnconditional(rule.calico);
  return rule.kubernetes !== undefined && rule.kubernetes.peers === undefined && rule.kubernetes.ports === undefined;
}

const cache = new WeakMap<Model, CalicoEvaluation | undefined>();
/** The evaluation of the model's Calico and Kubernetes policies, once per model; undefined without Calico policies. */
export function evaluationOf(model: Model): CalicoEvaluation | undefined {
  if (!cache.has(model)) cache.set(model, model.calico !== undefined && model.calico.policies.length > 0 ? buildEvaluation(model) : undefined);
  return cache.get(model);
}

/** Tiers that hold enforced policies, in evaluation order. */
export function tiersInUse(evaluation: CalicoEvaluation): string[] {
  const names: string[] = [];
  for (const policy of evaluation.policies) if (names[names.length - 1] !== policy.tier.name) names.push(policy.tier.name);
  return names;
}

/**
 * The earlier policy of the same tier that decides every packet before `policy` can for `endpoint`
 * in `direction`, if any (it selects the endpoint and has a rule that matches everything).
 */
export function shadowingPolicy(evaluation: CalicoEvaluation, policy: EvalPolicy, endpointIndex: number, direction: Direction): EvalPolicy | undefined {
  const endpoint = evaluation.endpoints[endpointIndex];
  const step = tiersFor(evaluation, endpoint, direction).find((s) => s.tier === policy.tier);
  if (step === undefined) return undefined;
  for (const earlier of step.policies) {
    if (earlier === policy) return undefined;
    if ((direction === 'Ingress' ? earlier.ingress : earlier.egress).some(endsEverything)) return earlier;
  }
  return undefined;
}

export { DEFAULT_TIER };
