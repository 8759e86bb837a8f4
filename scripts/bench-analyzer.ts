/**
 * `npm run bench:analyzer [-- --runs N] [-- CASE…]`: times `netpol` end to end on synthetic clusters,
 * each run a fresh `node netpol/bin/netpol.js …` process (start-up, reading, analysis and output
 * written to a file), and prints per case the time, the peak RSS, the target and the ratio against
 * it: the median of three runs unless --runs says otherwise (on a shared virtual machine one run
 * moves by a fifth from one minute to the next). The exit code is 1 when any case misses its
 * target, so CI or a reviewer can rely on it.
 *
 * Targets (issue 13): twice the speed of the reference implementation (np-guard netpol-analyzer,
 * measured at 1.0 s on the 2,000-workload cluster on this 2-core machine, two policies per namespace,
 * read as `kubectl get -A -o json` prints it); 5,000 workloads x 5,000 policies x 500 namespaces in under
 * 5 s and 1 GB, output included, and `explain` on that cluster in under 1 s. The Calico cases hold the
 * evaluation of tiers to the same figures. Cases without a target are printed for information.
 *
 * `npm run bench:analyzer -- --phases CASE` runs one case in this process instead and prints the
 * time of each phase (read, list, format) for profiling.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { formatConnections, listConnections, loadManifests } from '../netpol/analyzer';
import { calicoObjects, companyCluster, homelabLike, kubectlJson } from './bench-clusters';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'netpol', 'bin', 'netpol.js');
const RSS_PROBE = path.join(__dirname, 'bench-rss.js');
const REFERENCE_2000_MS = 1000;
/** Runs per case whose median is reported, unless --runs says otherwise. */
const DEFAULT_RUNS = 3;

interface Target {
  readonly ms: number;
  readonly rssMb?: number;
  /** Where the figure comes from. */
  readonly why: string;
}

interface BenchCase {
  readonly name: string;
  /** The input files (name → text) and the netpol arguments (files are given as names). */
  inputs(): { files: Record<string, string>; args: readonly string[] };
  readonly target?: Target;
  /**
   * Keep parsed YAML on disk between runs (netpol/cli/yaml-cache.ts), as the CLI does; its first run fills it.
   * @default false: every run parses its YAML, so the figures do not depend on earlier runs
   */
  readonly yamlCache?: boolean;
}

// Without anchors for the objects the generators share, as kubectl and cdk8s write manifests.
const yamlStream = (objects: readonly object[]) => objects.map((d) => stringify(d, { aliasDuplicateObjects: false })).join('---\n');
const company = () => companyCluster({ namespaces: 500, workloadsPerNamespace: 10, policiesPerNamespace: 10, seed: 13 });
const companyNamespaces = (items: readonly object[]) => items.filter((o) => (o as { kind: string }).kind === 'Namespace').map((o) => (o as { metadata: { name: string } }).metadata.name);
const twice = { ms: REFERENCE_2000_MS / 2, why: 'half the reference\'s 1.0 s' };
const company5000 = { ms: 5000, rssMb: 1024, why: 'issue 13: under 5 s and 1 GB' };

const CASES: readonly BenchCase[] = [
  { name: '2000 workloads, 2 policies/namespace (JSON)', inputs: () => ({ files: { 'cluster.json': kubectlJson(homelabLike(2000, 'namespace')) }, args: ['list', 'cluster.json'] }), target: twice },
  // The reference was measured on the cluster above; this one (a policy per workload) has no reference figure.
  { name: '2000 workloads, 2000 policies (JSON)', inputs: () => ({ files: { 'cluster.json': kubectlJson(homelabLike(2000, 'workload')) }, args: ['list', 'cluster.json'] }) },
  { name: '5000 workloads, 5000 policies, 500 namespaces (JSON)', inputs: () => ({ files: { 'cluster.json': kubectlJson(company()) }, args: ['list', 'cluster.json'] }), target: company5000 },
  {
    name: 'explain on the 5000-workload cluster',
    inputs: () => ({ files: { 'cluster.json': kubectlJson(company()) }, args: ['explain', 'cluster.json', '--from', 'app-000/frontend-0', '--to', 'app-000/api-1', '--port', '8000'] }),
    target: { ms: 1000, why: 'issue 13: under 1 s' },
  },
  {
    name: '5000 workloads, 5000 policies, 500 namespaces + Calico tiers (JSON)',
    inputs: () => {
      const items = company();
      return { files: { 'cluster.json': kubectlJson([...items, ...calicoObjects(companyNamespaces(items))]) }, args: ['list', 'cluster.json'] };
    },
    target: company5000,
  },
  {
    name: 'explain on the 5000-workload cluster + Calico tiers',
    inputs: () => {
      const items = company();
      return { files: { 'cluster.json': kubectlJson([...items, ...calicoObjects(companyNamespaces(items))]) }, args: ['explain', 'cluster.json', '--from', 'app-000/frontend-0', '--to', 'app-000/api-1', '--port', '8000'] };
    },
    target: { ms: 1000, why: 'as without Calico' },
  },
  { name: 'this repository: list dist/ inventory/workloads.yaml (Calico)', inputs: () => ({ files: {}, args: ['list', path.join(ROOT, 'dist'), path.join(ROOT, 'inventory', 'workloads.yaml')] }) },
  { name: 'the same, parsed YAML cached on disk (a run after the first)', inputs: () => ({ files: {}, args: ['list', path.join(ROOT, 'dist'), path.join(ROOT, 'inventory', 'workloads.yaml')] }), yamlCache: true },
  { name: '2000 workloads, 2000 policies (YAML)', inputs: () => ({ files: { 'cluster.yaml': yamlStream(homelabLike(2000, 'workload')) }, args: ['list', 'cluster.yaml'] }) },
  { name: '1000 workloads, no policy (YAML, 1,003,002 lines)', inputs: () => ({ files: { 'cluster.yaml': yamlStream(homelabLike(1000, 'none')) }, args: ['list', 'cluster.yaml'] }) },
];

interface Result {
  readonly ms: number;
  /** User plus system CPU time: less sensitive than `ms` to other work on the machine (GC threads can make it exceed `ms`). */
  readonly cpuMs: number;
  readonly rssMb: number;
  readonly status: number | null;
  readonly outputBytes: number;
  readonly outputLines: number;
  readonly stderr: string;
}

/** One run of the real executable in `dir`; stdout goes to a file, the RSS probe reports the peak on stderr. */
function runOnce(dir: string, args: readonly string[], yamlCache = false): Result {
  const out = path.join(dir, 'stdout.txt');
  const fd = fs.openSync(out, 'w');
  const start = process.hrtime.bigint();
  const env = { ...process.env, NETPOL_YAML_CACHE: yamlCache ? '1' : '0' };
  const child = spawnSync(process.execPath, ['-r', RSS_PROBE, BIN, ...args], { cwd: dir, env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.closeSync(fd);
  const probe = /\nbench-rss: (\d+) (\d+)\n$/.exec(`\n${child.stderr}`);
  const output = fs.readFileSync(out);
  let lines = 0;
  for (const byte of output) if (byte === 10) lines++;
  return {
    ms,
    cpuMs: probe === null ? NaN : Number(probe[2]),
    rssMb: probe === null ? NaN : Number(probe[1]) / 1024,
    status: child.status,
    outputBytes: output.length,
    outputLines: lines,
    stderr: probe === null ? child.stderr : child.stderr.slice(0, child.stderr.length - probe[0].length + 1),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function phases(bench: BenchCase): void {
  const { files, args } = bench.inputs();
  if (args[0] !== 'list') throw new Error('--phases times list cases only');
  const sources = Object.entries(files).map(([name, text]) => ({ path: name, text }));
  const start = performance.now();
  const model = loadManifests(sources);
  const loaded = performance.now();
  const connections = listConnections(model);
  const listed = performance.now();
  const output = formatConnections(connections, 'txt');
  const end = performance.now();
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(JSON.stringify({ name: bench.name, inputMb: +(sources.reduce((n, s) => n + s.text.length, 0) / 2 ** 20).toFixed(1), workloads: model.workloads.length, policies: model.policies.length, lines: connections.length, outputBytes: output.length, loadMs: Math.round(loaded - start), listMs: Math.round(listed - loaded), formatMs: Math.round(end - listed), rssMb: Math.round(rss) }));
}

function main(): number {
  const argv = process.argv.slice(2);
  let runs = DEFAULT_RUNS;
  const runsAt = argv.indexOf('--runs');
  if (runsAt >= 0) {
    runs = Number(argv[runsAt + 1]);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a whole number, not "${argv[runsAt + 1]}"`);
    argv.splice(runsAt, 2);
  }
  const phaseMode = argv[0] === '--phases';
  if (phaseMode) argv.shift();
  const selected = argv.length === 0 ? CASES : argv.map((name) => {
    const found = CASES.find((c) => c.name === name || c.name.startsWith(name));
    if (found === undefined) throw new Error(`Unknown case "${name}"; cases:\n${CASES.map((c) => `  ${c.name}`).join('\n')}`);
    return found;
  });
  if (phaseMode) {
    for (const bench of selected) phases(bench);
    return 0;
  }

  const load = os.loadavg()[0];
  console.log(`netpol end to end (node ${process.version}, ${os.cpus().length} cores, load average ${load.toFixed(2)} at the start; ${runs === 1 ? 'one run' : `median of ${runs} runs`} per case)`);
  console.log('| case | time | CPU | peak RSS | output | target | ratio | |');
  console.log('|------|-----:|----:|---------:|-------:|--------|------:|-|');
  let missed = 0;
  for (const bench of selected) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-bench-'));
    try {
      const { files, args } = bench.inputs();
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
      const results: Result[] = [];
      // With the cache, a first run not counted fills it.
      if (bench.yamlCache === true) runOnce(dir, args, true);
      for (let run = 0; run < runs; run++) results.push(runOnce(dir, args, bench.yamlCache === true));
      const failed = results.find((r) => r.status !== 0 && !(args[0] === 'explain' && r.status === 3));
      if (failed !== undefined) throw new Error(`Case "${bench.name}" exited ${failed.status}:\n${failed.stderr}`);
      const ms = median(results.map((r) => r.ms));
      const cpuMs = median(results.map((r) => r.cpuMs));
      const rssMb = Math.max(...results.map((r) => r.rssMb));
      const { outputBytes, outputLines } = results[0];
      const inputMb = Object.values(files).reduce((n, text) => n + Buffer.byteLength(text), 0) / 2 ** 20;
      const target = bench.target;
      let verdict = '';
      let ratio = '';
      let targetText = '-';
      if (target !== undefined) {
        const timeRatio = ms / target.ms;
        const memoryOk = target.rssMb === undefined || rssMb <= target.rssMb;
        const ok = timeRatio <= 1 && memoryOk;
        if (!ok) missed++;
        verdict = ok ? 'ok' : 'MISSED';
        ratio = `${timeRatio.toFixed(2)}${target.rssMb === undefined ? '' : ` / ${(rssMb / target.rssMb).toFixed(2)}`}`;
        targetText = `≤ ${(target.ms / 1000).toFixed(1)} s${target.rssMb === undefined ? '' : `, ≤ ${target.rssMb} MB`} (${target.why})`;
      }
      const output = `${outputLines.toLocaleString('en')} lines, ${(outputBytes / 2 ** 20).toFixed(1)} MB`;
      console.log(`| ${bench.name}${inputMb > 0 ? ` [${inputMb.toFixed(1)} MB in]` : ''} | ${(ms / 1000).toFixed(2)} s | ${(cpuMs / 1000).toFixed(2)} s | ${Math.round(rssMb)} MB | ${output} | ${targetText} | ${ratio} | ${verdict} |`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (load > 0.5) console.log(`(The machine was busy, load average ${load.toFixed(2)}: times include waiting for a core.)`);
  console.log(missed === 0 ? 'Every target holds.' : `${missed} target(s) missed.`);
  return missed === 0 ? 0 : 1;
}

process.exitCode = main();
