#!/usr/bin/env node
'use strict';
// `npm test [-- JEST-ARGS…]`: the type check (`tsc --noEmit`, incremental; skipped when nothing it
// reads changed since it last passed, typecheck-record.js) and jest, side by side. tsc uses one core,
// and jest leaves one idle while it starts, builds the shared synth (its global setup) and runs its
// last files; one after the other, the type check was a fifth of the run on 2 cores. jest's output
// streams as it comes; tsc's follows it (in watch mode, as soon as tsc ends). The exit code is
// jest's, or tsc's where jest passed; a type error fails the run as before.
const { spawn } = require('child_process');
const path = require('path');
const { fingerprint } = require('./source-fingerprint');
const { forget, recordPass, unchangedSincePass } = require('./typecheck-record');

const ROOT = path.resolve(__dirname, '..');
const bin = (pkg, file) => path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [ROOT] })), file);

const typecheckState = fingerprint(ROOT);
const tscOutput = [];
let tscDone;
if (unchangedSincePass(ROOT, typecheckState)) {
  process.stderr.write('typecheck: skipped, nothing tsc reads changed since it last passed (`npm run typecheck` runs it anyway)\n');
  tscDone = Promise.resolve({ code: 0, note: '' });
} else {
  const tsc = spawn(process.execPath, [bin('typescript', 'bin/tsc'), '--noEmit', '--pretty', process.stdout.isTTY ? 'true' : 'false'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  tsc.stdout.on('data', (chunk) => tscOutput.push(chunk));
  tsc.stderr.on('data', (chunk) => tscOutput.push(chunk));
  tscDone = new Promise((resolve) => {
    tsc.on('error', (error) => resolve({ code: 1, note: `could not run tsc: ${error.message}` }));
    tsc.on('close', (code, signal) => resolve({ code: code ?? 1, note: signal === null ? '' : `tsc ended on ${signal}` }));
  }).then((result) => {
    if (result.code === 0) recordPass(ROOT, typecheckState);
    else forget(ROOT);
    return result;
  });
}

const jest = spawn(process.execPath, [bin('jest', 'bin/jest.js'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
const jestDone = new Promise((resolve) => {
  jest.on('error', (error) => resolve({ code: 1, note: `could not run jest: ${error.message}` }));
  jest.on('close', (code, signal) => resolve({ code: code ?? 1, note: signal === null ? '' : `jest ended on ${signal}` }));
});

const reportTypecheck = (typecheck) => {
  if (typecheck.code === 0) return;
  process.stderr.write(`\nType check (tsc --noEmit) failed${typecheck.note ? ` (${typecheck.note})` : ''}:\n${Buffer.concat(tscOutput).toString()}`);
  process.stderr.write('typecheck: failed\n');
};

// In watch mode jest does not end: the type check's result is shown when it is there.
const watching = process.argv.slice(2).some((arg) => arg === '--watch' || arg === '--watchAll' || arg.startsWith('--watch='));
if (watching) tscDone.then(reportTypecheck);

Promise.all([tscDone, jestDone]).then(([typecheck, tests]) => {
  if (tests.note) process.stderr.write(`${tests.note}\n`);
  if (!watching) reportTypecheck(typecheck);
  process.exitCode = tests.code !== 0 ? tests.code : typecheck.code;
});
