/**
 * The README's "Adding a namespace" example must keep working as the app changes, and must stay three
 * edits: this test applies its blocks to a copy of the repository exactly as the README says (a new
 * namespace file, one import and one line in main.ts, documents appended to the inventory), type-checks
 * the result, synthesizes it and runs the checks `npm test` would run on it: dist/ allows exactly the
 * declared flows, the new namespace resolves DNS and is reached by its ingress and scrape.
 *
 * The copy is named by a hash of everything it is made of and checked against (the sources'
 * fingerprint, the copied files, the README's example, this file), and kept: a run whose inputs did
 * not change reuses it, so jest's transform cache knows its files, and a type check that passed on
 * exactly these inputs is not run again (as `tsc --incremental` reuses what it checked).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as crypto from 'crypto';
import { listConnections, loadManifests } from '../../netpol/analyzer';
import { readSources } from '../../netpol/cli/netpol';
import { checkDeclaredFlows, dnsEgressFlows } from '../../homelab/spec/declared-flows';
import { meshPorts } from '../../constructs';
import type { HomelabApp, HomelabAppOptions } from '../../homelab/app';
import { diskYamlCache } from '../../netpol/cli/yaml-cache';
import { nativeRequire } from '../scripts/harness';

/* eslint-disable @typescript-eslint/no-require-imports */
const { fingerprint } = nativeRequire('./scripts/source-fingerprint.js') as { fingerprint(root: string): string };

// Parsed YAML kept on disk between test files and runs (netpol/cli/yaml-cache.ts), as the CLI does.
const yamlCache = diskYamlCache();

const ROOT = path.resolve(__dirname, '..', '..');

/** The fenced blocks of a markdown text whose first line is `// <path>` (ts) or `# <path>` (yaml), keyed by that path. */
export function exampleFiles(markdown: string): Map<string, string> {
  const files = new Map<string, string>();
  const fence = /^```(?:ts\n\/\/ (\S+\.ts)|yaml\n# (\S+\.yaml))\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    files.set(match[1] ?? match[2], match[3]);
  }
  return files;
}

const section = (() => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const start = readme.indexOf('## Adding a namespace\n');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
})();

/** The repository's parts the copy is made of: linked (their sources are in the fingerprint) or copied. */
const LINKED = ['constructs', 'imports', 'netpol', 'scripts'];
const COPIED = ['homelab', 'inventory', 'main.ts', 'tsconfig.json'];
const SCRATCH_PREFIX = '.readme-example-';
/** Another run's copies are removed once this old (one still in use by a concurrent run is younger). */
const STALE_MS = 10 * 60 * 1000;

/** A hash of what the copy is made of and checked against. */
function scratchKey(): string {
  const hash = crypto.createHash('sha256').update(fingerprint(ROOT)).update('\0').update(section).update('\0').update(fs.readFileSync(__filename));
  const add = (relative: string): void => {
    const absolute = path.join(ROOT, relative);
    if (fs.statSync(absolute).isDirectory()) {
      for (const entry of fs.readdirSync(absolute).sort()) add(path.join(relative, entry));
    } else {
      hash.update(`\0${relative}\0`).update(fs.readFileSync(absolute));
    }
  };
  for (const entry of COPIED) add(entry);
  return hash.digest('hex').slice(0, 16);
}

/** Applies the README's blocks to a copy of the repository in `scratch`, as the README says. */
function writeCopy(scratch: string, files: ReadonlyMap<string, string>): void {
  for (const entry of LINKED) fs.symlinkSync(path.join(ROOT, entry), path.join(scratch, entry));
  for (const entry of COPIED) fs.cpSync(path.join(ROOT, entry), path.join(scratch, entry), { recursive: true });
  for (const [file, text] of files) {
    const target = path.join(scratch, file);
    if (file === 'main.ts') {
      // "import it and compose it with the others": the import after the last import, the line before `return app`.
      const [importLine, composeLine] = text.trimEnd().split('\n');
      const main = fs.readFileSync(target, 'utf-8').split('\n');
      const lastImport = main.map((line) => line.startsWith('import ')).lastIndexOf(true);
      main.splice(lastImport + 1, 0, importLine);
      main.splice(main.findIndex((line) => line.trim() === 'return app;'), 0, composeLine, '');
      fs.writeFileSync(target, main.join('\n'));
    } else if (fs.existsSync(target)) {
      fs.appendFileSync(target, text);
    } else {
      fs.writeFileSync(target, text);
    }
  }
}

/**
 * The copy for these inputs beside the real tree (so node_modules resolves), made if it is not there:
 * written under a temporary name and renamed, so a concurrent run sees a whole copy or none; kept
 * only when the inputs were the same after it was written as before. It is not changed afterwards.
 * Copies not used for a while are removed. `kept`: false for a copy this run alone uses (and removes).
 */
function scratchCopy(files: ReadonlyMap<string, string>): { scratch: string; kept: boolean } {
  const key = scratchKey();
  const scratch = path.join(ROOT, `${SCRATCH_PREFIX}${key}`);
  if (!fs.existsSync(scratch)) {
    const temporary = fs.mkdtempSync(path.join(ROOT, `${SCRATCH_PREFIX}tmp-`));
    writeCopy(temporary, files);
    // A file saved while the copy was made: the copy may hold either text, so it is not kept under the name.
    if (scratchKey() !== key) return { scratch: temporary, kept: false };
    try {
      fs.renameSync(temporary, scratch);
    } catch (error) {
      fs.rmSync(temporary, { recursive: true, force: true });
      if (!fs.existsSync(scratch)) throw error;
    }
  }
  // Marked as in use, so that a concurrent run on other sources does not take it for an old one.
  const now = new Date();
  fs.utimesSync(scratch, now, now);
  for (const name of fs.readdirSync(ROOT)) {
    const other = path.join(ROOT, name);
    if (name.startsWith(SCRATCH_PREFIX) && other !== scratch && Date.now() - fs.lstatSync(other).mtimeMs > STALE_MS) fs.rmSync(other, { recursive: true, force: true });
  }
  return { scratch, kept: true };
}

interface TypeCheck {
  /** The files checked, relative to the copy. */
  readonly checked: string[];
  readonly problems: string[];
}

/**
 * The copy type-checked under the project's compiler options: the files the example writes or edits,
 * and those that import them (the copy's other files are the repository's own, which `tsc --noEmit`
 * checks), with the program's global problems.
 */
function typeCheck(scratch: string, files: ReadonlyMap<string, string>): TypeCheck {
  const ts = require('typescript') as typeof import('typescript');
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => { throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')); },
  });
  if (config === undefined) throw new Error('tsconfig.json could not be read');
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  // JSDoc parsed as `tsc` parses it (its command line sets this mode): only where it can change a
  // type error (@see, @link; all of it in JavaScript files). The API's default parses every comment,
  // which in cdk8s-plus-28's 1 MB of declarations cost about a third of this test's CPU.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const program = ts.createProgram({ rootNames: [path.join(scratch, 'main.ts')], options, host });
  const edited = new Set([...files.keys()].filter((file) => file.endsWith('.ts')).map((file) => path.join(scratch, file)));
  const importers = program.getSourceFiles().filter((file) => !file.isDeclarationFile && file.fileName.startsWith(scratch)
    && ts.preProcessFile(file.text).importedFiles.some(({ fileName }) => fileName.startsWith('.')
      && [...edited].some((target) => path.resolve(path.dirname(file.fileName), fileName).replace(/(\.ts)?$/, '.ts') === target)));
  const checked = program.getSourceFiles().filter((file) => edited.has(file.fileName) || importers.includes(file));
  const problems = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(),
    ...checked.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)])].map((diagnostic) => {
    const where = diagnostic.file === undefined ? '' : `${path.relative(scratch, diagnostic.file.fileName)}: `;
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  });
  return { checked: checked.map((file) => path.relative(scratch, file.fileName)).sort(), problems };
}

describe('README "Adding a namespace" example', () => {
  const files = exampleFiles(section);
  const { scratch, kept } = scratchCopy(files);
  /** Written once the type check found no problem in this copy (the copy's name holds every input). */
  const typeCheckPassed = path.join(scratch, '.type-check-passed');
  // The synth goes to the temporary folder (tmpfs in jest, see scripts/jest-global-setup.js): writing its
  // 320 files into the checkout took longer than the rest of that test.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-example-dist-'));

  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
    if (!kept) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('is three edits: the namespace file, main.ts and the inventory', () => {
    expect([...files.keys()]).toEqual(['homelab/namespaces/jellyfin.ts', 'main.ts', 'inventory/workloads.yaml']);
  });

  test('type-checks under the project\'s compiler options', () => {
    // A check that passed on exactly these inputs (the copy's name holds them all) stands, as
    // `tsc --incremental` keeps what it checked; with any input changed, the copy is new and checked.
    const stands = fs.existsSync(typeCheckPassed);
    const result = stands ? (JSON.parse(fs.readFileSync(typeCheckPassed, 'utf-8')) as TypeCheck) : typeCheck(scratch, files);
    expect(result.checked).toEqual(expect.arrayContaining(['homelab/namespaces/jellyfin.ts', 'main.ts']));
    expect(result.problems).toEqual([]);
    if (kept && !stands) {
      const temporary = `${typeCheckPassed}.${process.pid}`;
      fs.writeFileSync(temporary, JSON.stringify(result));
      fs.renameSync(temporary, typeCheckPassed);
    }
  });

  test('synthesizes, and dist/ then allows exactly the declared flows, Jellyfin\'s included on both ends', () => {
    // GIVEN the copy's app, built as main.ts builds it
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildApp } = require(path.join(scratch, 'main.ts')) as { buildApp: (options?: HomelabAppOptions) => HomelabApp };
    const app = buildApp({ outdir });

    // WHEN synthesized and analyzed with the copy's inventory
    app.synth();
    const model = loadManifests(readSources([outdir, 'inventory/workloads.yaml'], scratch), { yamlCache });
    const flows = [...app.resolve().flows.map((flow) => ({
      from: { namespace: flow.from.namespace, labels: flow.from.labels },
      to: { namespace: flow.to.namespace, labels: flow.to.labels },
      ports: meshPorts(flow.ports, flow.from.namespace, flow.to.namespace, app.ambientEnrolledNamespaces),
      where: `${flow.declaredIn} ${flow.declaredAs}`,
    })), ...dnsEgressFlows(app.protectedNamespaceNames)];
    const check = checkDeclaredFlows(flows, model, new Set(app.protectedNamespaceNames));

    // THEN
    expect(app.protectedNamespaceNames).toContain('jellyfin');
    expect(fs.readdirSync(path.join(outdir, 'ingress-nginx'))).toContain('NetworkPolicy.allow-jellyfin-egress.k8s.yaml');
    expect(fs.readdirSync(path.join(outdir, 'default'))).toContain('NetworkPolicy.allow-jellyfin-metrics-egress.k8s.yaml');
    expect({ unexpected: check.unexpected, missing: check.missing }).toEqual({ unexpected: [], missing: [] });
    const connections = listConnections(model);
    const into = (from: string) => connections
      .filter((c) => c.src.type === 'workload' && c.src.workload.name === from && c.dst.type === 'workload' && c.dst.workload.namespace === 'jellyfin');
    expect(into('ingress-nginx-controller')).toHaveLength(1);
    expect(into('prometheus-kube-prometheus-stack-prometheus')).toHaveLength(1);
    const dns = connections.filter((c) => c.src.type === 'workload' && c.src.workload.namespace === 'jellyfin'
      && c.dst.type === 'workload' && c.dst.workload.name === 'coredns');
    expect(dns).toHaveLength(1);
  });
});
