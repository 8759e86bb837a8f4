/**
 * `npm run --silent diff -- [--output txt|md|csv|json] [--exit-code] [--no-synth] [GIT-REF]`: what the
 * working tree changes in connectivity against a commit (default: the merge base of HEAD and main).
 *
 * ref1 is the commit's committed dist/ and inventory, extracted with `git archive` into a temporary
 * folder. ref2 is the working tree: the app synthesized into a temporary folder by the same cdk8s run
 * as `npm run synth` (scripts/synth.js; dist/ is never touched), or with --no-synth its dist/ as it
 * is, and its inventory. Each state keeps its own inventory, so workloads a change adds show as added.
 * `netpol diff` does the comparing; the report goes to stdout, everything else to stderr, and the
 * temporary folder is removed on the way out.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { DIFF_OUTPUT_FORMATS, type DiffOutputFormat } from '../netpol/analyzer';
import { main as netpol, type CliIo } from '../netpol/cli/netpol';

export const ROOT = path.resolve(__dirname, '..');
/** The inputs of a state besides the policies, relative to the repository root. */
export const INVENTORY = 'inventory/workloads.yaml';
/** The folders in the temporary one, which is also where `netpol diff`'s messages point. */
export const WORKING_TREE = 'working-tree';

// scripts/synth.js is plain JavaScript (safe-synth.js uses it too).
const { synthesize } = require('./synth') as {
  synthesize(outDir: string, extraArgs: readonly string[], quiet: boolean): { message: string; exitCode: number; output: string } | undefined;
};

export const USAGE = `Usage: npm run --silent diff -- [--output ${DIFF_OUTPUT_FORMATS.join('|')}] [--exit-code] [--no-synth] [GIT-REF]

Prints what the working tree changes in connectivity against GIT-REF (default: the merge base of HEAD
and main, or origin/main): netpol diff with ref1 = the commit's dist/ and ${INVENTORY}, ref2 = the
working tree synthesized now (--no-synth: its dist/ as it is) and its ${INVENTORY}.
--output and --exit-code are netpol diff's (docs/analyzer.md).
`;

/** A problem the user can fix: printed without a stack trace. */
export class DiffScriptError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
  }
}

export interface DiffOptions {
  /** The git repository whose working tree and history are compared. */
  readonly repo: string;
  /** A commit, branch or tag; undefined means the merge base with main. */
  readonly ref?: string;
  /** Synthesize the working tree (only in this repository) instead of reading its dist/. */
  readonly synth: boolean;
  readonly format: DiffOutputFormat;
  readonly exitCode: boolean;
}

function git(repo: string, args: readonly string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync('git', args, { cwd: repo, maxBuffer: 512 * 1024 * 1024 });
  if (result.error !== undefined) throw new DiffScriptError(`Could not run git: ${result.error.message}.`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf-8').trim() };
}

function commitOf(repo: string, ref: string): string | undefined {
  const result = git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return result.status === 0 ? result.stdout.toString('utf-8').trim() : undefined;
}

/** The merge base of HEAD with main, or with origin/main where there is no local main, and its description. */
export function defaultRef(repo: string): { commit: string; description: string } {
  for (const base of ['main', 'origin/main']) {
    if (commitOf(repo, base) === undefined) continue;
    const result = git(repo, ['merge-base', 'HEAD', base]);
    if (result.status !== 0) throw new DiffScriptError(`HEAD and ${base} have no merge base (${result.stderr || 'unrelated histories'}); name the commit to compare against.`, 2);
    const commit = result.stdout.toString('utf-8').trim();
    return { commit, description: `the merge base of HEAD and ${base} (${commit.slice(0, 12)})` };
  }
  throw new DiffScriptError('There is no main or origin/main to take the merge base with; name the commit to compare against, e.g. npm run --silent diff -- HEAD~1 (in a shallow clone, fetch it first).', 2);
}

/** Writes the commit's dist/ and inventory into `folder`. */
function extract(repo: string, commit: string, ref: string, folder: string): void {
  for (const [entry, what] of [['dist', 'dist/'], [INVENTORY, INVENTORY]] as const) {
    if (git(repo, ['cat-file', '-e', `${commit}:${entry}`]).status !== 0) {
      throw new DiffScriptError(`${ref} has no ${what}; compare against a commit that has both dist/ and ${INVENTORY}.`);
    }
  }
  const archive = git(repo, ['archive', '--format=tar', commit, 'dist', INVENTORY]);
  if (archive.status !== 0) throw new DiffScriptError(`git archive ${commit} failed: ${archive.stderr}`);
  fs.mkdirSync(folder, { recursive: true });
  const tar = spawnSync('tar', ['-x', '-C', folder], { input: archive.stdout, encoding: 'utf-8' });
  if (tar.error !== undefined || tar.status !== 0) throw new DiffScriptError(`Could not unpack ${ref}'s files with tar: ${tar.error?.message ?? tar.stderr.trim()}.`);
}

/** The working tree's state in `folder`: dist/ synthesized now or copied, and the inventory copied. */
function workingTree(options: DiffOptions, folder: string): void {
  fs.mkdirSync(path.join(folder, path.dirname(INVENTORY)), { recursive: true });
  const inventory = path.join(options.repo, INVENTORY);
  if (!fs.existsSync(inventory)) throw new DiffScriptError(`The working tree has no ${INVENTORY}.`);
  fs.copyFileSync(inventory, path.join(folder, INVENTORY));
  if (!options.synth) {
    const dist = path.join(options.repo, 'dist');
    if (!fs.existsSync(dist)) throw new DiffScriptError('The working tree has no dist/; run npm run synth, or leave out --no-synth.');
    fs.cpSync(dist, path.join(folder, 'dist'), { recursive: true });
    return;
  }
  if (path.resolve(options.repo) !== ROOT) throw new DiffScriptError(`Synthesizing works in ${ROOT} only; use --no-synth for ${options.repo}.`, 2);
  // The synth's own output (the linter's report) is shown only when it fails, and never on stdout.
  const problem = synthesize(path.join(folder, 'dist'), [], true);
  if (problem !== undefined) throw new DiffScriptError(`${problem.output}Could not synthesize the working tree: ${problem.message}`);
}

/** Compares and prints; returns netpol diff's exit status. */
export function runDiff(options: DiffOptions, io: CliIo): number {
  let commit: string;
  let ref: string;
  if (options.ref === undefined) {
    ({ commit, description: ref } = defaultRef(options.repo));
  } else {
    const resolved = commitOf(options.repo, options.ref);
    if (resolved === undefined) throw new DiffScriptError(`Unknown git ref "${options.ref}"; give a commit, branch or tag (in a shallow clone, fetch it first).`, 2);
    commit = resolved;
    ref = commit.startsWith(options.ref) ? commit.slice(0, 12) : `${options.ref} (${commit.slice(0, 12)})`;
  }
  const short = commit.slice(0, 12);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'homelab-diff-'));
  try {
    extract(options.repo, commit, ref, path.join(temp, short));
    workingTree(options, path.join(temp, WORKING_TREE));
    io.stderr(`diff: ref1 = ${ref}: its dist/ and ${INVENTORY}; ` +
      `ref2 = the working tree: ${options.synth ? 'the app synthesized now' : 'its dist/ as it is'} and its ${INVENTORY}.\n`);
    const args = ['diff', '--output', options.format, ...(options.exitCode ? ['--exit-code'] : [])];
    for (const [side, folder] of [['--ref1', short], ['--ref2', WORKING_TREE]]) args.push(side, `${folder}/dist`, side, `${folder}/${INVENTORY}`);
    return netpol(args, io, temp);
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

/** Parses the command line; undefined means --help was printed. */
export function parseCommandLine(argv: readonly string[]): Omit<DiffOptions, 'repo'> | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { output: { type: 'string', short: 'o' }, 'exit-code': { type: 'boolean' }, 'no-synth': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new DiffScriptError((error as Error).message, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  const format = values.output ?? 'txt';
  if (!(DIFF_OUTPUT_FORMATS as readonly string[]).includes(format)) throw new DiffScriptError(`Unknown output format "${format}"; use one of ${DIFF_OUTPUT_FORMATS.join(', ')}.`, 2);
  if (positionals.length > 1) throw new DiffScriptError(`Expected at most one git ref, got ${positionals.length}: ${positionals.join(' ')}.`, 2);
  return { ref: positionals[0], synth: values['no-synth'] !== true, format: format as DiffOutputFormat, exitCode: values['exit-code'] === true };
}

if (require.main === module) {
  const io: CliIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };
  // Ctrl-C during the synth: let the synth end and the finally above remove the temporary folder.
  process.on('SIGINT', () => {
    process.exitCode = 130;
  });
  try {
    const options = parseCommandLine(process.argv.slice(2));
    if (options === undefined) io.stdout(USAGE);
    else process.exitCode = runDiff({ ...options, repo: ROOT }, io);
  } catch (error) {
    if (!(error instanceof DiffScriptError)) throw error;
    io.stderr(`diff: ${error.message}${error.exitCode === 2 ? `\n${USAGE}` : '\n'}`);
    process.exitCode = error.exitCode;
  }
}
