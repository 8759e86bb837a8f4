import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { type Connection, formatConnSet, fromPortSet, listConnections, loadManifests } from '../../netpol/analyzer';
import { mergeIntervals, formatInterval } from '../../netpol/analyzer/ip-blocks';
import { readSources } from '../../netpol/cli/netpol';
import { DiffScriptError, INVENTORY, parseCommandLine, runDiff, type DiffOptions } from '../../scripts/diff';
import { diskYamlCache } from '../../netpol/cli/yaml-cache';

// Parsed YAML kept on disk between test files and runs (netpol/cli/yaml-cache.ts), as the CLI does.
const yamlCache = diskYamlCache();

// diff.ts synthesizes the working tree with scripts/synth.js, which runs the cdk8s CLI (seconds). Here
// the synth is a copy of the committed dist/, written into the folder diff.ts asks for: what diff.ts
// does with a synth's output is the subject, and the committed dist/ is byte for byte what a synth of
// this tree writes (CI's gate, .ci/run, fails when `npm run synth` changes it). Building the app here
// instead cost a second of CPU. The CLI itself is exercised by safe-synth.test.ts and the lint
// plugin's synth test, and for real by `npm run synth` in .ci/run.
const synthesized: string[] = [];
jest.mock('../../scripts/synth', () => ({
  synthesize: (outDir: string) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { cpSync } = require('fs') as typeof import('fs');
    cpSync(require('path').resolve(__dirname, '..', '..', 'dist'), outDir, { recursive: true });
    synthesized.push(outDir);
    return undefined;
  },
}));

const ROOT = path.resolve(__dirname, '..', '..');
const TEMP_PREFIX = 'homelab-diff-';

function git(repo: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, encoding: 'utf-8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

function run(options: Partial<DiffOptions> & { repo: string }): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runDiff({ synth: false, format: 'txt', exitCode: false, ...options }, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

function leftoverTempFolders(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(TEMP_PREFIX));
}

/**
 * GIVEN a repository with the real dist/ and inventory, whose commit "old" lacks the namespace with the
 * most workloads (its dist/ folder and its inventory documents), and whose next commit "new" adds it
 * back, as a change that adds a namespace does.
 */
const inventoryText = fs.readFileSync(path.join(ROOT, INVENTORY), 'utf-8');
const inventoryDocuments = parseAllDocuments(inventoryText);
const namespaceOf = (doc: (typeof inventoryDocuments)[number]) => {
  const object = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
  return object?.kind === 'Namespace' ? object.metadata?.name : object?.metadata?.namespace;
};
const distFolders = fs.readdirSync(path.join(ROOT, 'dist'));
const counts = new Map<string, number>();
for (const doc of inventoryDocuments) {
  const ns = namespaceOf(doc);
  if (ns !== undefined && distFolders.includes(ns)) counts.set(ns, (counts.get(ns) ?? 0) + 1);
}
const NAMESPACE = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];

let repo: string;
let oldCommit: string;
beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-script-repo-'));
  git(repo, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(repo, 'README.md'), 'no dist/ yet\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'start');
  fs.cpSync(path.join(ROOT, 'dist'), path.join(repo, 'dist'), { recursive: true });
  fs.rmSync(path.join(repo, 'dist', NAMESPACE), { recursive: true });
  fs.mkdirSync(path.join(repo, 'inventory'));
  const without = inventoryDocuments.filter((doc) => namespaceOf(doc) !== NAMESPACE).map((doc) => doc.toString()).join('');
  fs.writeFileSync(path.join(repo, INVENTORY), without);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'old');
  oldCommit = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'checkout', '-q', '-b', 'feature');
  fs.cpSync(path.join(ROOT, 'dist', NAMESPACE), path.join(repo, 'dist', NAMESPACE), { recursive: true });
  fs.writeFileSync(path.join(repo, INVENTORY), inventoryText);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', `add ${NAMESPACE}`);
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

// The diff against main with --exit-code, which two tests read: each run synthesizes nothing but lists both states.
let mainRun: ReturnType<typeof run> | undefined;
const againstMain = () => (mainRun ??= run({ repo, ref: 'main', exitCode: true }));

describe('npm run diff', () => {
  it(`lists exactly the connections of the added namespace, as added, against the previous commit`, () => {
    // The expectation, from the analyzer: the new state's connections that involve the namespace, with
    // adjacent external ranges of the same workload, direction and ports merged (the old state has none).
    const model = loadManifests(readSources(['dist', INVENTORY], repo), { yamlCache });
    const inNamespace = (peer: Connection['src']) => peer.type === 'workload' && peer.workload.namespace === NAMESPACE;
    const expected: string[] = [];
    const ranges = new Map<string, { inbound: boolean; workload: string; ports: string; intervals: { start: number; end: number }[] }>();
    for (const c of listConnections(model)) {
      if (!inNamespace(c.src) && !inNamespace(c.dst)) continue;
      // Every protocol, as the diff compares them (ICMP from a Calico policy included).
      const ports = formatConnSet(c.conns ?? fromPortSet(c.ports));
      if (c.src.type === 'workload' && c.dst.type === 'workload') {
        expected.push(`${c.src.label} ${c.dst.label} ${ports}`);
        continue;
      }
      const inbound = c.src.type === 'external';
      const [workload, external] = inbound ? [c.dst, c.src] : [c.src, c.dst];
      const key = `${inbound} ${workload.label} ${ports}`;
      const entry = ranges.get(key) ?? { inbound, workload: workload.label, ports, intervals: [] };
      if (external.type === 'external') entry.intervals.push(external.interval);
      ranges.set(key, entry);
    }
    for (const { inbound, workload, ports, intervals } of ranges.values()) {
      for (const interval of mergeIntervals(intervals)) {
        const external = `${formatInterval(interval)}[External]`;
        expected.push(inbound ? `${external} ${workload} ${ports}` : `${workload} ${external} ${ports}`);
      }
    }

    const result = run({ repo, ref: 'HEAD~1', format: 'json' });
    expect(result.status).toBe(0);
    const diffs = JSON.parse(result.stdout).diffs as { diffType: string; src: string; dst: string; ref1: { conn: string }; ref2: { conn: string }; newOrRemovedWorkloads: string[] }[];
    expect(expected.length).toBeGreaterThan(20);
    expect(diffs.map((d) => `${d.src} ${d.dst} ${d.ref2.conn}`).sort()).toEqual(expected.sort());
    expect(new Set(diffs.map((d) => `${d.diffType} ${d.ref1.conn}`))).toEqual(new Set(['added No Connections']));
    expect(diffs.every((d) => d.newOrRemovedWorkloads.length > 0 && d.newOrRemovedWorkloads.every((w) => w.startsWith(`${NAMESPACE}/`)))).toBe(true);
    expect(result.stderr).toMatch(/^diff: ref1 = HEAD~1 \([0-9a-f]{12}\): its dist\/ and inventory\/workloads\.yaml; ref2 = the working tree: its dist\/ as it is and its inventory\/workloads\.yaml\.\n/);
  });

  it('compares with the merge base of HEAD and main by default, and names it', () => {
    const byDefault = run({ repo });
    expect(byDefault.stderr.split('\n')[0]).toBe(`diff: ref1 = the merge base of HEAD and main (${oldCommit.slice(0, 12)}): its dist/ and ${INVENTORY}; ref2 = the working tree: its dist/ as it is and its ${INVENTORY}.`);
    // main is the commit "old", where the feature branch began.
    expect(byDefault.stdout).toBe(againstMain().stdout);
    expect(byDefault.stdout.startsWith('Connectivity diff:\ndiff-type: added, ')).toBe(true);
  });

  it('prints nothing for the commit the working tree equals, and honours --exit-code', () => {
    expect(run({ repo, ref: 'HEAD', exitCode: true })).toMatchObject({ status: 0, stdout: '' });
    expect(againstMain().status).toBe(1);
  });

  it.each([
    ['an unknown ref', 'nope', 'Unknown git ref "nope"; give a commit, branch or tag (in a shallow clone, fetch it first).', 2],
    ['a commit without dist/', 'HEAD~2', 'HEAD~2 (SHA) has no dist/; compare against a commit that has both dist/ and inventory/workloads.yaml.', 1],
  ])('refuses %s, leaving no temporary folder behind', (_name, ref, message, exitCode) => {
    const before = leftoverTempFolders();
    let error: unknown;
    try {
      run({ repo, ref });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DiffScriptError);
    expect([(error as DiffScriptError).message.replace(/\([0-9a-f]{12}\)/, '(SHA)'), (error as DiffScriptError).exitCode]).toEqual([message, exitCode]);
    expect(leftoverTempFolders()).toEqual(before);
  });

  it('reads the command line', () => {
    expect(parseCommandLine(['--output', 'md', '--exit-code', 'origin/main'])).toEqual({ ref: 'origin/main', synth: true, format: 'md', exitCode: true });
    expect(parseCommandLine(['--no-synth'])).toEqual({ ref: undefined, synth: false, format: 'txt', exitCode: false });
    expect(parseCommandLine(['-h'])).toBeUndefined();
    expect(() => parseCommandLine(['a', 'b'])).toThrow('Expected at most one git ref, got 2: a b.');
    expect(() => parseCommandLine(['-o', 'dot'])).toThrow('Unknown output format "dot"; use one of txt, md, csv, json.');
  });

  it('synthesizes the working tree of this repository, keeping stdout for the report and cleaning up', () => {
    const before = leftoverTempFolders();
    const result = run({ repo: ROOT, ref: 'HEAD', synth: true, format: 'json' });
    expect(result.status).toBe(0);
    expect(synthesized).toHaveLength(1);
    expect(synthesized[0]).toMatch(/homelab-diff-[^/]+\/working-tree\/dist$/);
    expect(Object.keys(JSON.parse(result.stdout))).toEqual(['diffs', 'summary', 'calicoPoliciesNotEvaluated']);
    expect(result.stderr).toContain('ref2 = the working tree: the app synthesized now and its inventory/workloads.yaml.');
    expect(leftoverTempFolders()).toEqual(before);
  });
});
