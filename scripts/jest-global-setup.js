'use strict';
// Jest's global setup and teardown, run in jest's own process before the workers start (they inherit
// its environment) and after they end.
//
// 1. The tests' scratch folders (synths, copies of dist/, git repositories) go to /dev/shm where the
//    machine has it with room to spare (256 MB free) and TMPDIR is not set. On this machine's disk,
//    creating the 320 files of a dist/ copy takes about 0.4 s; on tmpfs 0.02 s. os.tmpdir() reads
//    TMPDIR on every call, and the processes the tests start inherit it. (A setupFiles entry would
//    not do: a test file's process.env is a copy.)
// 2. One synth of the app for the test files that only read its output (each namespace's objects,
//    and the app's facts: its protected namespaces, their flows, the declared flows; see
//    __tests__/homelab/support/synth.ts): built here once, through scripts/ts-register.js as the
//    synth runs it, and written as JSON, instead of once per test file in jest's module registry. A
//    failure to build is written too, and each test that reads the synth fails with it. A synth that
//    built is kept in node_modules/.cache/netpol-test-synth under the sources' fingerprint
//    (source-fingerprint.js), the text of the scripts that build it, Node's version and the working
//    folder, so a run whose sources did not change reads it again.
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { fingerprint } = require('./source-fingerprint');

const TMPFS = '/dev/shm';
const ROOT = path.resolve(__dirname, '..');
/** The variable that names the shared synth's file for the test files. */
const SYNTH_VARIABLE = 'NETPOL_TEST_SYNTH';
/** The scratch folder of a synth that was not kept (teardown removes it). */
const SCRATCH_VARIABLE = 'NETPOL_TEST_SYNTH_SCRATCH';
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'netpol-test-synth');
/** Synths kept at most: the most recently used (a few branches' worth). */
const CACHE_ENTRIES = 4;
/** The scripts that build the synth (this one, and the hook that compiles the app), part of its key. */
const BUILT_BY = [__filename, path.join(__dirname, 'ts-register.js')];

/** Free space /dev/shm must have for the tests' scratch folders (a container's default is 64 MB). */
const TMPFS_MIN_FREE = 256 * 1024 * 1024;

function useTmpfs() {
  if (process.env.TMPDIR !== undefined) return;
  try {
    fs.accessSync(TMPFS, fs.constants.W_OK);
    const { bavail, bsize } = fs.statfsSync(TMPFS);
    if (fs.statSync(TMPFS).isDirectory() && bavail * bsize >= TMPFS_MIN_FREE) process.env.TMPDIR = TMPFS;
  } catch {
    // No tmpfs here: the system's temporary folder it is.
  }
}

/** Each chart's synthesized objects, by chart id, and the app's facts (AppFacts in the tests' support), or the error that stopped the build. */
function synthesizeCharts() {
  try {
    require('./ts-register');
    const { Chart, Testing } = require('cdk8s');
    const { buildApp } = require(path.join(ROOT, 'main'));
    const { factsOf } = require(path.join(ROOT, '__tests__', 'homelab', 'support', 'synth'));
    const app = buildApp({ outdir: '/nonexistent-test-outdir' });
    app.resolve();
    const charts = {};
    for (const child of app.node.children) {
      if (child instanceof Chart) charts[child.node.id] = Testing.synth(child);
    }
    return { charts, facts: factsOf(app) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.message}` : String(error) };
  }
}

/** The key of a synth of the sources below `root` as they are now. */
function synthKey(root) {
  return crypto.createHash('sha256')
    .update([fingerprint(root), ...BUILT_BY.map((file) => fs.readFileSync(file, 'utf-8')), process.version, process.cwd()].join('\0'))
    .digest('hex');
}

/** Keeps `text` as `file` in `cache` (written whole, then renamed) and drops all but the most recently used entries. */
function keep(cache, file, text) {
  try {
    fs.mkdirSync(cache, { recursive: true });
    const temporary = `${file}.${process.pid}`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
    const entries = fs.readdirSync(cache).filter((name) => name.endsWith('.json'))
      .map((name) => ({ name, time: fs.statSync(path.join(cache, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time || Number(b.name === path.basename(file)) - Number(a.name === path.basename(file)));
    for (const { name } of entries.slice(CACHE_ENTRIES)) fs.rmSync(path.join(cache, name), { force: true });
    return true;
  } catch {
    // A read-only node_modules: the synth goes to a scratch folder instead.
    return false;
  }
}

/**
 * The file holding the synth of the sources below `root`: the kept one when there is one, else the
 * result of `build` (charts, or the error), kept when it built and the sources did not change
 * meanwhile, otherwise written to a scratch folder (`scratch`, for the teardown).
 */
function sharedSynth({ root, cache, build }) {
  const key = synthKey(root);
  const file = path.join(cache, `${key}.json`);
  // A kept one is marked as used, so that pruning (by time) keeps it while runs on other sources come and go.
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
    return { file };
  } catch {
    // Not kept, or pruned meanwhile: built below.
  }
  const synth = build();
  const text = JSON.stringify(synth);
  if (!('error' in synth) && synthKey(root) === key && keep(cache, file, text)) return { file };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-test-synth-'));
  fs.writeFileSync(path.join(scratch, 'charts.json'), text);
  return { file: path.join(scratch, 'charts.json'), scratch };
}

module.exports = async () => {
  useTmpfs();
  const { file, scratch } = sharedSynth({ root: ROOT, cache: CACHE, build: synthesizeCharts });
  process.env[SYNTH_VARIABLE] = file;
  if (scratch !== undefined) process.env[SCRATCH_VARIABLE] = scratch;
};

module.exports.teardown = async () => {
  const folder = process.env[SCRATCH_VARIABLE];
  if (folder !== undefined) fs.rmSync(folder, { recursive: true, force: true });
};

module.exports.sharedSynth = sharedSynth;
module.exports.CACHE_ENTRIES = CACHE_ENTRIES;
