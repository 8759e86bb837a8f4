'use strict';
// One `cdk8s synth` run of the app into a folder of the caller's choosing, checked for every chart:
// safe-synth.js swaps the result into dist/, diff.ts compares it with a commit's dist/.
const path = require('path');
const { spawnSync } = require('child_process');
const { ROOT, missingCharts } = require('./dist-layout');

// The CLI's own entry point, run with this node: skips npx's lookup.
const cliPackage = require.resolve('cdk8s-cli/package.json', { paths: [ROOT] });
const cli = path.join(path.dirname(cliPackage), require(cliPackage).bin.cdk8s);

/**
 * Synthesizes into `outDir` (absolute, or relative to the repository root), passing `extraArgs` on to
 * cdk8s (e.g. `--app "<command>"`), and keeps what cdk8s printed (without colour codes).
 * Returns `{ output, problem }`: `problem` is undefined on success, or `{ message, exitCode }`.
 */
function synthesizeCaptured(outDir, extraArgs = []) {
  const result = spawnSync(process.execPath, [cli, 'synth', '--no-check-upgrade', '--output', outDir, ...extraArgs], {
    cwd: ROOT,
    encoding: 'utf-8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  // eslint-disable-next-line no-control-regex
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/\u001b\[[0-9;]*m/g, '');
  if (result.error !== undefined) {
    return { output, problem: { message: `Could not run cdk8s: ${result.error.message}.`, exitCode: 1 } };
  }
  if (result.status !== 0) {
    return { output, problem: { message: `cdk8s synth failed with exit code ${result.status ?? result.signal}; the app's error is above.`, exitCode: result.status || 1 } };
  }
  const missing = missingCharts(path.resolve(ROOT, outDir));
  if (missing.length > 0) {
    return { output, problem: { message: `The synthesized output lacks the chart(s) ${missing.join(', ')}.`, exitCode: 1 } };
  }
  return { output, problem: undefined };
}

/**
 * As synthesizeCaptured, printing cdk8s's output to this process's streams unless `quiet`, where it is
 * returned only when the synth fails. Returns undefined on success, or `{ message, exitCode, output }`.
 */
function synthesize(outDir, extraArgs = [], quiet = false) {
  const { output, problem } = synthesizeCaptured(outDir, extraArgs);
  if (!quiet) process.stderr.write(output);
  return problem === undefined ? undefined : { ...problem, output: quiet ? output : '' };
}

module.exports = { synthesize, synthesizeCaptured };
