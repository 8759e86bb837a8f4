/**
 * `npm run docs`: writes docs/network-policies.md and docs/network-policies.dot from the app (its policies
 * and declared flows), the analyzer and the known gaps (and docs/network-policies.svg when Graphviz is installed).
 * `npm run docs:check` renders in memory and exits 1 when a committed file differs, so CI catches a
 * change that skipped `npm run docs`.
 *
 * All file and process I/O of the docs lives here; docs-gen/ is pure.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { diffModels, explain, loadManifests, type ConnSet, type ConnectionDiff, type ManifestSource, type Model, type ResolvedPeer, type SideExplanation } from '../netpol/analyzer';
import { isCidrProblem, parseCidr, subtractIntervals } from '../netpol/analyzer/ip-blocks';
import { migrationReport, portSetOf, renderMigration, type MigrationReport, type ReasonRule, type ReasonScope } from '../homelab/docs-gen/migration';
import { buildApp } from '../main';
import { collectWarnings, type HomelabApp } from '../homelab/app';
import { intentFromFlows, type IntentFlow } from '../homelab/docs-gen/intent';
import { renderDocs } from '../homelab/docs-gen/render';
import { EXEMPT_NAMESPACES } from '../homelab/namespaces/exemptions';
import { KNOWN_GAPS } from '../homelab/spec/known-gaps';
import { Pods, formatSite, meshPorts, type TighteningPeer } from '../constructs';
import { diskYamlCache } from '../netpol/cli/yaml-cache';

// Parsed YAML kept on disk between runs, as the CLI does (netpol/cli/yaml-cache.ts).
const yamlCache = diskYamlCache();

export const ROOT = path.resolve(__dirname, '..');
export const INVENTORY = 'inventory/workloads.yaml';
export const MARKDOWN = 'docs/network-policies.md';
export const DOT = 'docs/network-policies.dot';
export const SVG = 'docs/network-policies.svg';
export const MIGRATION = 'docs/migration.md';
/** The owner's hand-written policies, the state the cluster runs today (read-only material beside the repository). */
export const OWNER_POLICIES = path.resolve(ROOT, '..', 'shared', 'homelab', 'handwritten-policies');

/**
 * The policies as the app synthesizes them now, in memory: reading dist/ instead would document
 * whatever was last synthesized. Paths mimic dist/ so analyzer messages point somewhere familiar.
 */
export function policySources(app: HomelabApp = buildApp()): { sources: ManifestSource[]; warnings: string[] } {
  app.resolve();
  const sources: ManifestSource[] = [];
  for (const chart of app.charts) {
    for (const object of chart.toJson()) {
      sources.push({
        path: `dist/${chart.node.id}/${object.kind}.${object.metadata?.name}.k8s.yaml`,
        text: JSON.stringify(object),
      });
    }
  }
  return { sources, warnings: collectWarnings(app) };
}

/**
 * The generated files, keyed by path relative to the repository root. `migration: false` leaves out
 * docs/migration.md (its report diffs the owner's policies against the app's: most of the time here),
 * for a caller that checks only the other files.
 */
export function generateDocs(root: string = ROOT, options: { readonly migration?: boolean } = {}): Map<string, string> {
  const app = buildApp();
  const { sources, warnings } = policySources(app);
  const inventory = { path: INVENTORY, text: fs.readFileSync(path.join(root, INVENTORY), 'utf-8') };
  const model = loadManifests([...sources, inventory], { yamlCache });
  const protectedNamespaces = app.protectedNamespaceNames;
  const flows: IntentFlow[] = app.resolve().flows.map((flow) => ({
    from: flow.from.toJSON() as IntentFlow['from'],
    to: flow.to.toJSON() as IntentFlow['to'],
    ports: meshPorts(flow.ports, flow.from.namespace, flow.to.namespace, app.ambientEnrolledNamespaces).map(String),
    declaredBy: `${flow.declaredIn} ${flow.declaredAs}${flow.declaredAt === undefined ? '' : ` (${formatSite(flow.declaredAt)})`}`,
  }));
  const namespaces = app.protectedNamespaces.map((namespace) => ({
    name: namespace.name,
    ...(namespace.declaredAt === undefined ? {} : { declaredIn: formatSite(namespace.declaredAt) }),
  }));
  const docs = renderDocs({
    model,
    protectedNamespaces,
    inventoryPath: INVENTORY,
    intent: intentFromFlows(flows, namespaces, model.workloads, KNOWN_GAPS),
    constructWarnings: warnings,
    coverage: { clusterNamespaces: [...protectedNamespaces, ...Object.keys(EXEMPT_NAMESPACES)].sort(), exemptions: EXEMPT_NAMESPACES },
  });
  const files = new Map([[MARKDOWN, docs.markdown], [DOT, docs.dot]]);
  if (options.migration === false) return files;
  const migration = generateMigration(app, sources, inventory);
  if (migration !== undefined) files.set(MIGRATION, migrationMarkdown(migration));
  return files;
}

/** docs/migration.md for a report. */
export function migrationMarkdown(report: MigrationReport): string {
  return renderMigration(report, '`../shared/homelab/handwritten-policies`');
}

/**
 * The migration report's data: `netpol diff` from the owner's hand-written policies to the app's, on the
 * same inventory, with the app's tightenings as the reasons. Undefined when the owner's policies are not
 * beside the repository (the user's own checkout has no ../shared): the report is then not regenerated.
 */
export function generateMigration(app: HomelabApp, policies: readonly ManifestSource[], inventory: ManifestSource): MigrationReport | undefined {
  if (!fs.existsSync(OWNER_POLICIES)) return undefined;
  const before = loadManifests([...ownerPolicySources(), inventory], { yamlCache });
  const after = loadManifests([...policies, inventory], { yamlCache });
  const rules: ReasonRule[] = app.tightenings.map((tightening) => ({
    from: reasonScope(tightening.from),
    to: reasonScope(tightening.to),
    ...(tightening.ports === undefined ? {} : { ports: portSetOf(tightening.ports) }),
    reason: tightening.reason,
    where: tightening.declaredAt === undefined ? (tightening.declaredIn ?? 'the app') : `${formatSite(tightening.declaredAt)}`,
  }));
  return migrationReport(diffModels(before, after), rules, (diff, ports) => ({ reason: addedReason(after, diff, ports) }));
}

/** The owner's policy files: every manifest below OWNER_POLICIES but its Namespaces and kustomization (the inventory has the namespaces). */
export function ownerPolicySources(): ManifestSource[] {
  return fs.readdirSync(OWNER_POLICIES, { recursive: true }).map(String)
    .filter((file) => /\.ya?ml$/.test(file) && path.basename(file) !== 'kustomization.yaml' && path.basename(file) !== 'namespace.yaml')
    .sort()
    .map((file) => ({ path: `handwritten-policies/${file.split(path.sep).join('/')}`, text: fs.readFileSync(path.join(OWNER_POLICIES, file), 'utf-8') }));
}

function reasonScope(peer: TighteningPeer | undefined): ReasonScope {
  if (peer === undefined || peer === 'anywhere') return { kind: 'anywhere' };
  if (peer instanceof Pods) return { kind: 'pods', namespace: peer.namespace, ...(peer.labels === undefined ? {} : { labels: peer.labels }) };
  const block = parseCidr(peer.cidr);
  if (isCidrProblem(block) || block.family !== 'ipv4') throw new Error(`Tightening address ${peer.cidr} is not an IPv4 block.`);
  const holes = peer.except.map((text) => {
    const hole = parseCidr(text);
    if (isCidrProblem(hole) || hole.family !== 'ipv4') throw new Error(`Tightening except ${text} is not an IPv4 block.`);
    return hole.interval;
  });
  return { kind: 'addresses', intervals: subtractIntervals(block.interval, holes) };
}

/** What admits an added connection in dist/: each side's policies, for the lowest added port (or ICMP type, or protocol). */
function addedReason(model: Model, diff: ConnectionDiff, ports: ConnSet): string {
  const protocol = (['TCP', 'UDP', 'SCTP'] as const).find((p) => ports[p].length > 0);
  // By label, not by object: a diff's workload may be the old state's object, which the new model does not know.
  const peer = (p: ConnectionDiff['src']): string | ResolvedPeer => (p.type === 'workload' ? p.label : { type: 'external', address: p.interval.start });
  const query = protocol !== undefined ? { port: ports[protocol][0], protocol }
    : ports.ICMP.length > 0 ? { port: Math.floor(ports.ICMP[0] / 256), icmpCode: ports.ICMP[0] % 256, protocol: 'ICMP' as const }
      : { port: ports.OTHER[0], protocol: 'IP' as const };
  const explanation = explain(model, { from: peer(diff.src), to: peer(diff.dst), ...query });
  const side = (s: SideExplanation, direction: string): string => {
    if (s.verdict === 'external') return '';
    if (s.verdict === 'not-isolated') return `no ${direction} policy selects ${s.subject} (its namespace is exempt)`;
    const names = [...new Set(s.admittedBy.map((rule) => `\`${rule.policy.namespace}/${rule.policy.name}\``))];
    return names.length > 0 ? `${direction}: ${names.join(', ')}` : `${direction}: Calico's tiers`;
  };
  return [side(explanation.egress, 'egress'), side(explanation.ingress, 'ingress')].filter((text) => text !== '').join('; ');
}

const HINT_BEFORE = 40;
const HINT_AFTER = 60;

/** Where two texts first differ, as a short hint under the stale message. */
export function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      // Summary rows are long: show the lines around the first differing character, not whole.
      let at = 0;
      while (a[i] !== undefined && b[i] !== undefined && a[i][at] === b[i][at]) at++;
      const from = Math.max(0, at - HINT_BEFORE);
      const show = (line: string | undefined) => {
        if (line === undefined) return '(end of file)';
        const part = line.slice(from, at + HINT_AFTER);
        return `${from > 0 ? '…' : ''}${JSON.stringify(part)}${at + HINT_AFTER < line.length ? '…' : ''}`;
      };
      return `First difference at line ${i + 1}, column ${at + 1}:\n  committed: ${show(a[i])}\n  generated: ${show(b[i])}`;
    }
  }
  return 'The files differ only in line endings.';
}

/** Problems of the committed files against a fresh generation; empty when up to date. */
export function checkDocs(generated: ReadonlyMap<string, string>, root: string = ROOT): string[] {
  const problems: string[] = [];
  for (const [file, text] of generated) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) {
      problems.push(`${file} is missing: run npm run docs and commit it.`);
      continue;
    }
    const committed = fs.readFileSync(full, 'utf-8');
    if (committed !== text) {
      problems.push(`${file} is stale: run npm run docs and commit it (the policies, namespaces, inventory or spec changed since it was generated).\n${firstDifference(committed, text)}`);
    }
  }
  return problems;
}

function renderSvg(root: string): string {
  const result = spawnSync('dot', ['-Tsvg', path.join(root, DOT), '-o', path.join(root, SVG)], { encoding: 'utf-8' });
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    return `Graphviz "dot" is not installed: skipped ${SVG} (the Mermaid diagram in ${MARKDOWN} does not need it).`;
  }
  if (result.status !== 0) throw new Error(`dot -Tsvg failed for ${DOT}: ${result.stderr || result.error?.message}`);
  return `Wrote ${SVG}.`;
}

function main(argv: readonly string[]): number {
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown argument ${unknown.join(' ')}. Usage: generate-docs.ts [--check]\n`);
    return 2;
  }
  const generated = generateDocs();
  if (!generated.has(MIGRATION)) {
    process.stderr.write(`Skipped ${MIGRATION}: the owner's hand-written policies (${path.relative(ROOT, OWNER_POLICIES)}) are not beside the repository, so the report is neither regenerated nor checked.\n`);
  }
  if (argv.includes('--check')) {
    const problems = checkDocs(generated);
    for (const problem of problems) process.stderr.write(`${problem}\n`);
    if (problems.length === 0) process.stdout.write(`${[...generated.keys()].join(' and ')} are up to date.\n`);
    return problems.length === 0 ? 0 : 1;
  }
  for (const [file, text] of generated) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), text);
    process.stdout.write(`Wrote ${file}.\n`);
  }
  process.stdout.write(`${renderSvg(ROOT)}\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
