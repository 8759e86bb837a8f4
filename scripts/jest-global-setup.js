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
//    __tests__/homelab/support/synth.ts): built here once, through scripts/ts-register.js as the
//    synth runs it, and written as JSON, instead of once per test file in jest's module registry. A
//    failure to build is written too, and each test that reads the synth fails with it.
const fs = require('fs');
const os = require('os');
const path = require('path');

const TMPFS = '/dev/shm';
const ROOT = path.resolve(__dirname, '..');
/** The variable that names the shared synth's file for the test files. */
const SYNTH_VARIABLE = 'NETPOL_TEST_SYNTH';

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

/** Each chart's synthesized objects, by chart id, or the error that stopped the build. */
function synthesizeCharts() {
  try {
    require('./ts-register');
    const { Chart, Testing } = require('cdk8s');
    const { buildApp } = require(path.join(ROOT, 'main'));
    const app = buildApp({ outdir: '/nonexistent-test-outdir' });
    app.resolve();
    const charts = {};
    for (const child of app.node.children) {
      if (child instanceof Chart) charts[child.node.id] = Testing.synth(child);
    }
    return { charts };
  } catch (error) {
    return { error: error instanceof Error ? `${error.message}` : String(error) };
  }
}

module.exports = async () => {
  useTmpfs();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-test-synth-'));
  const file = path.join(folder, 'charts.json');
  fs.writeFileSync(file, JSON.stringify(synthesizeCharts()));
  process.env[SYNTH_VARIABLE] = file;
};

module.exports.teardown = async () => {
  const file = process.env[SYNTH_VARIABLE];
  if (file !== undefined) fs.rmSync(path.dirname(file), { recursive: true, force: true });
};
