import { loadManifests } from '../../../netpol/analyzer';
import { lintModel, RULES, type Finding, type LintOptions } from '../../../netpol/lint';

/** Test-only builders and runners shared by every lint test: small inline YAML in, findings out. */

export const FILE = 'test.yaml';

/** Removes the common indentation and the blank first and last lines of a template literal. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** A NetworkPolicy document; `spec` is the YAML under `spec:`. Its spec's first line is line 7 of the document. */
export function policy(namespace: string, name: string, spec: string): string {
  const body = dedent(spec)
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${body}\n`;
}

export function namespace(name: string): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
}

export interface PortSpec {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

export function deployment(ns: string, name: string, labels: Record<string, string>, ports: readonly PortSpec[] = [], hostNetwork = false): string {
  const labelLines = Object.entries(labels).map(([k, v]) => `        ${k}: ${v}`).join('\n');
  const portLines = ports.map((p) => `            - {containerPort: ${p.containerPort}${p.name ? `, name: ${p.name}` : ''}${p.protocol ? `, protocol: ${p.protocol}` : ''}}`).join('\n');
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    'spec:',
    '  template:',
    '    metadata:',
    '      labels:',
    labelLines,
    '    spec:',
    ...(hostNetwork ? ['      hostNetwork: true'] : []),
    '      containers:',
    '        - name: main',
    ...(ports.length > 0 ? ['          ports:', portLines] : []),
    '',
  ].join('\n');
}

/** Documents joined into one multi-document file. */
export function yamlFile(...documents: string[]): string {
  return documents.join('---\n');
}

/** The CoreDNS Deployment as kubeadm installs it (labels and port names). */
export const COREDNS = deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
  { name: 'metrics', containerPort: 9153 },
]);

/** The DNS egress rule as one peer, the way it should be written; one line, to put under `egress:`. */
export const DNS_RULE =
  '- {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}';

/** The 1-based line of the first line of `yaml` containing `needle`: where a finding should point. */
export function lineOf(yaml: string, needle: string): number {
  const index = yaml.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the YAML`);
  return index + 1;
}

export function lint(yaml: string, options: LintOptions = {}): Finding[] {
  return lintModel(loadManifests([{ path: FILE, text: yaml }]), options);
}

/** Findings of one rule only: every other rule is disabled, so a test sees just what it is about. */
export function lintRule(ruleId: string, yaml: string, options: LintOptions = {}): Finding[] {
  return lint(yaml, { ...options, disable: RULES.map((rule) => rule.id).filter((id) => id !== ruleId) });
}

/** The messages of one rule's findings. */
export function messages(ruleId: string, yaml: string, options: LintOptions = {}): string[] {
  return lintRule(ruleId, yaml, options).map((finding) => finding.message);
}

/** `line object` per finding: where findings land, without their text. */
export function places(ruleId: string, yaml: string, options: LintOptions = {}): string[] {
  return lintRule(ruleId, yaml, options).map((finding) => `${finding.line ?? '-'} ${finding.object}`);
}

/** A Calico policy document for the calico-* rules; `spec` is the YAML under `spec:`. */
export function calicoPolicy(kind: 'GlobalNetworkPolicy' | 'NetworkPolicy', name: string, spec: string, namespace?: string): string {
  const body = spec.split('\n').map((line) => (line === '' ? line : `  ${line}`)).join('\n');
  return `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata:\n  name: ${name}\n${namespace === undefined ? '' : `  namespace: ${namespace}\n`}spec:\n${body}\n`;
}

export function tier(name: string, order: number | undefined, defaultAction?: string): string {
  return `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: ${name}\nspec:\n${order === undefined ? '' : `  order: ${order}\n`}${defaultAction === undefined ? '' : `  defaultAction: ${defaultAction}\n`}`;
}
