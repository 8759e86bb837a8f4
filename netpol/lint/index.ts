/**
 * NetworkPolicy linter: plain model in, findings out. No files, no printing, no cdk8s, so the CLI, the
 * cdk8s validation plugin and tests share it. Each rule lives in rules/<rule-id>.ts.
 */
import type { Labels, Model, Workload } from '../analyzer';
import { formatIpv4, isCidrProblem, parseCidr, parseIpv4 } from '../analyzer/ip-blocks';
import * as rules from './rules';
import type { CidrOption, Finding, LintContext, LintOptions, LintRule, ResolvedLintOptions, Severity } from './types';

export type { CidrOption, Finding, LintContext, LintOptions, LintRule, ResolvedLintOptions, Severity } from './types';

/** Every rule, in the order of the documentation. */
export const RULES: readonly LintRule[] = [
  rules.splitPeer,
  rules.missingDnsEgress,
  rules.apiServerServiceIpOnly,
  rules.ipblockCoversClusterCidr,
  rules.ipblockHostBits,
  rules.missingDefaultDeny,
  rules.allowAllSources,
  rules.selectorMatchesNothing,
  rules.unknownNamedPort,
  rules.hostNetworkSelected,
  rules.calicoPassInLastTier,
  rules.calicoTierEndDeny,
  rules.calicoSelectorMatchesNothing,
  rules.calicoRuleNeverReached,
];

export const DEFAULT_LINT_OPTIONS = {
  apiServiceIp: '10.96.0.1',
  podCidr: '192.168.0.0/16',
  serviceCidr: '10.96.0.0/12',
} as const;

/** Bad lint options (a CIDR that does not parse, an unknown rule id); the CLI treats it as a usage error. */
export class LintOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LintOptionsError';
  }
}

/** Checks and parses the options, filling in defaults. Throws LintOptionsError. */
export function resolveLintOptions(options: LintOptions = {}): ResolvedLintOptions {
  const apiText = options.apiServiceIp ?? DEFAULT_LINT_OPTIONS.apiServiceIp;
  const address = parseIpv4(apiText);
  if (address === undefined) throw new LintOptionsError(`The API Service IP "${apiText}" is not an IPv4 address; give the ClusterIP of the kubernetes Service, e.g. 10.96.0.1.`);
  const unknown = (options.disable ?? []).filter((id) => !RULES.some((rule) => rule.id === id));
  if (unknown.length > 0) {
    throw new LintOptionsError(`Unknown rule ${unknown.map((id) => `"${id}"`).join(', ')} to disable; the rules are ${RULES.map((rule) => rule.id).join(', ')}.`);
  }
  return {
    apiServiceIp: { text: formatIpv4(address), address },
    podCidr: cidrOption('pod CIDR', options.podCidr ?? DEFAULT_LINT_OPTIONS.podCidr),
    serviceCidr: cidrOption('Service CIDR', options.serviceCidr ?? DEFAULT_LINT_OPTIONS.serviceCidr),
    namespaces: [...(options.namespaces ?? [])],
    disable: [...(options.disable ?? [])],
  };
}

function cidrOption(name: string, text: string): CidrOption {
  const parsed = parseCidr(text);
  if (isCidrProblem(parsed)) {
    throw new LintOptionsError(`The ${name} "${text}" is not a valid CIDR: ${parsed.problem}.${parsed.suggestion === undefined ? '' : ` Did you mean "${parsed.suggestion}"?`}`);
  }
  if (parsed.family !== 'ipv4') throw new LintOptionsError(`The ${name} "${text}" is IPv6; the linter checks IPv4 ranges only. Give the IPv4 range.`);
  return { text, interval: parsed.interval };
}

/** Runs every enabled rule over the model; findings sorted by file, line, rule id, object and message. */
export function lintModel(model: Model, options: LintOptions = {}): Finding[] {
  const resolved = resolveLintOptions(options);
  const context = createContext(model, resolved);
  const findings = RULES.filter((rule) => !resolved.disable.includes(rule.id)).flatMap((rule) => rule.check(context));
  return findings.sort(compareFindings);
}

function createContext(model: Model, options: ResolvedLintOptions): LintContext {
  const labels = new Map(model.namespaces.map((n) => [n.name, n.labels]));
  const byNamespace = new Map<string, Workload[]>();
  for (const workload of model.workloads) byNamespace.set(workload.namespace, [...(byNamespace.get(workload.namespace) ?? []), workload]);
  return {
    model,
    options,
    namespaceLabels: (namespace: string): Labels => labels.get(namespace) ?? { 'kubernetes.io/metadata.name': namespace },
    workloadsIn: (namespace: string) => byNamespace.get(namespace) ?? [],
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file ?? '\uffff', b.file ?? '\uffff') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.object, b.object) ||
    compareText(a.message, b.message)
  );
}

/** Byte order, so the order does not depend on the locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Counts per severity, for summaries. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
