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
import { loadManifests, type ManifestSource } from '../netpol/analyzer';
import { buildApp } from '../main';
import { collectWarnings, type HomelabApp } from '../homelab/app';
import { intentFromFlows, type IntentFlow } from '../homelab/docs-gen/intent';
import { renderDocs } from '../homelab/docs-gen/render';
import { EXEMPT_NAMESPACES } from '../homelab/namespaces/exemptions';
import { KNOWN_GAPS } from '../homelab/spec/known-gaps';
import { formatSite, meshPorts } from '../constructs';

export const ROOT = path.resolve(__dirname, '..');
export const INVENTORY = 'inventory/workloads.yaml';
export const MARKDOWN = 'docs/network-policies.md';
export const DOT = 'docs/network-policies.dot';
export const SVG = 'docs/network-policies.svg';

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

/** The generated files, keyed by path relative to the repository root. */
export function generateDocs(root: string = ROOT): Map<string, string> {
  const app = buildApp();
  const { sources, warnings } = policySources(app);
  const inventory = { path: INVENTORY, text: fs.readFileSync(path.join(root, INVENTORY), 'utf-8') };
  const model = loadManifests([...sources, inventory]);
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
  return new Map([[MARKDOWN, docs.markdown], [DOT, docs.dot]]);
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
