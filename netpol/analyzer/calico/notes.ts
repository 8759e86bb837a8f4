import { formatLocation } from '../errors';
import type { Model, UnevaluatedPolicy } from '../types';
import type { CalicoPolicy, CalicoRule } from './model';

/**
 * What every output must say about the parts of the input the analysis did not, or could not,
 * decide: policies not evaluated (AdminNetworkPolicy, BaselineAdminNetworkPolicy), staged policies
 * (never enforced), host-only policies, and rules with fields that cannot be decided offline.
 */
export interface AnalysisNote {
  /** `warning`: the verdicts may be wrong because of it; `note`: they are right, but the reader should know. */
  readonly level: 'warning' | 'note';
  readonly text: string;
}

/** `Warning: …` / `Note: …` as the CLI prints notes on stderr. */
export function formatNote(note: AnalysisNote): string {
  return `${note.level === 'warning' ? 'Warning' : 'Note'}: ${note.text}`;
}

function describePolicy(p: Pick<CalicoPolicy, 'kind' | 'namespace' | 'name' | 'source'>): string {
  return `${p.kind} ${p.namespace === undefined ? '' : `${p.namespace}/`}${p.name} (${formatLocation(p.source)})`;
}

function describeRule(policy: CalicoPolicy, direction: 'ingress' | 'egress', rule: CalicoRule): string {
  return `${policy.kind} ${policy.namespace === undefined ? '' : `${policy.namespace}/`}${policy.name} spec.${direction}[${rule.index}] (${formatLocation({ file: policy.source.file, line: rule.line ?? policy.source.line })})`;
}

/** The text of the note on policies the analysis does not evaluate. */
export function unevaluatedText(policies: readonly UnevaluatedPolicy[]): string {
  const names = policies.map((p) => `${p.kind} ${p.namespace === undefined ? '' : `${p.namespace}/`}${p.name} (${formatLocation(p.source)})`);
  return `${policies.length} ${policies.length === 1 ? 'policy was' : 'policies were'} NOT evaluated (Calico enforces AdminNetworkPolicy in its adminnetworkpolicy tier before every other tier, and BaselineAdminNetworkPolicy in its baselineadminnetworkpolicy tier after the default tier; the analyzer does not model them), so the result does not account for them: ${names.join(', ')}.`;
}

/** Every note for `model`, in a stable order. */
export function analysisNotes(model: Model): AnalysisNote[] {
  const notes: AnalysisNote[] = [];
  if (model.calicoPolicies.length > 0) notes.push({ level: 'warning', text: unevaluatedText(model.calicoPolicies) });
  const calico = model.calico;
  if (calico === undefined) return notes;
  if (calico.staged.length > 0) {
    notes.push({
      level: 'note',
      text: `${calico.staged.length} staged ${calico.staged.length === 1 ? 'policy is' : 'policies are'} not enforced by Calico (staged policies only report what they would do), so ${calico.staged.length === 1 ? 'it decides' : 'they decide'} nothing here: ${calico.staged.map(describePolicy).join(', ')}.`,
    });
  }
  const hostOnly = calico.policies.filter((p) => p.preDNAT || p.doNotTrack);
  if (hostOnly.length > 0) {
    notes.push({
      level: 'note',
      text: `${hostOnly.map((p) => `${describePolicy(p)} is ${p.preDNAT ? 'preDNAT' : 'doNotTrack'}`).join('; ')}: such policies apply to host endpoints, not pods, so they decide nothing here.`,
    });
  }
  if (calico.hostEndpoints.length > 0) {
    notes.push({
      level: 'note',
      text: `${calico.hostEndpoints.map((h) => `HostEndpoint ${h.name} (${formatLocation(h.source)})`).join(', ')}: host endpoints protect the nodes' own interfaces, not pods; the analysis of pod traffic does not use them.`,
    });
  }
  const services = new Set(calico.services.map((s) => `${s.namespace}/${s.name}`));
  const endpoints = new Set(calico.serviceEndpoints.map((e) => `${e.namespace}/${e.service}`));
  for (const policy of calico.policies) {
    if (policy.preDNAT || policy.doNotTrack) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      for (const rule of policy[direction]) {
        if (rule.neverMatches !== undefined) {
          notes.push({ level: 'note', text: `${describeRule(policy, direction, rule)} matches only ${rule.neverMatches}, so it matches nothing here.` });
        }
        for (const text of rule.undecided) notes.push({ level: 'warning', text: `${describeRule(policy, direction, rule)}: ${text}.` });
        for (const side of [rule.source, rule.destination]) {
          if (side.services === undefined) continue;
          const key = `${side.services.namespace || policy.namespace}/${side.services.name}`;
          if (!services.has(key) && !endpoints.has(key)) {
            notes.push({
              level: 'warning',
              text: `${describeRule(policy, direction, rule)} names the Service ${key}, but neither the Service nor its EndpointSlices/Endpoints are in the input, so the rule matches nothing here. Add the Service manifest to the paths.`,
            });
          } else if (!services.has(key)) {
            notes.push({ level: 'note', text: `${describeRule(policy, direction, rule)} names the Service ${key}; only its EndpointSlices/Endpoints are in the input, so the rule matches their addresses and ports.` });
          } else if (calico.services.find((s) => `${s.namespace}/${s.name}` === key)?.selector === undefined && !endpoints.has(key)) {
            notes.push({ level: 'warning', text: `${describeRule(policy, direction, rule)} names the Service ${key}, which has no selector and no EndpointSlices/Endpoints in the input, so the rule matches nothing here.` });
          }
        }
      }
    }
  }
  return notes;
}
