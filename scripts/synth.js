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
 * cdk8s (e.g. `--app "<command>"`). The app's and the linter's output go to this process's streams,
 * or with `quiet` are kept and returned only when the synth fails.
 * Returns undefined on success, or `{ message, exitCode, output }` saying what went wrong.
 */
function synthesize(outDir, extraArgs = [], quiet = false) {
  const result = spawnSync(process.execPath, [cli, 'synth', '--no-check-upgrade', '--output', outDir, ...extraArgs], {
    cwd: ROOT,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = quiet ? `${result.stdout ?? ''}${result.stderr ?? ''}` : '';
  if (result.error !== undefined) {
    return { message: `Could not run cdk8s: ${result.error.message}.`, exitCode: 1, output };
  }
  if (result.status !== 0) {
    return { message: `cdk8s synth failed with exit code ${result.status ?? result.signal}; the app's error is above.`, exitCode: result.status || 1, output };
  }
  const missing = missingCharts(path.resolve(ROOT, outDir));
  if (missing.length > 0) {
    return { message: `The synthesized output lacks the chart(s) ${missing.join(', ')}.`, exitCode: 1, output };
  }
  return undefined;
}

module.exports = { synthesize };
