#!/usr/bin/env node
'use strict';
// `cdk8s synth` deletes its output folder before it runs the app, so a failing app leaves no
// dist/, and committing that would make ArgoCD prune every policy. This synthesizes into a
// temporary folder and replaces dist/ only when the app succeeded and wrote every chart.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { ROOT, missingCharts } = require('./dist-layout');

const DIST = path.join(ROOT, 'dist');
// The CLI's own entry point, run with this node: skips npx's lookup.
const cliPackage = require.resolve('cdk8s-cli/package.json', { paths: [ROOT] });
const cli = path.join(path.dirname(cliPackage), require(cliPackage).bin.cdk8s);

const temp = fs.mkdtempSync(path.join(ROOT, '.synth-tmp-'));

function abandon(message, exitCode) {
  fs.rmSync(temp, { recursive: true, force: true });
  process.stderr.write(`safe-synth: ${message} dist/ is untouched.\n`);
  process.exit(exitCode);
}

const result = spawnSync(process.execPath, [cli, 'synth', '--no-check-upgrade', '--output', path.relative(ROOT, temp),
  // Extra arguments go to cdk8s, e.g. `npm run synth -- --app "<command>"`.
  ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (result.error !== undefined) {
  abandon(`Could not run cdk8s: ${result.error.message}.`, 1);
}
if (result.status !== 0) {
  abandon(`cdk8s synth failed with exit code ${result.status ?? result.signal}; the app's error is above.`, result.status || 1);
}
const missing = missingCharts(temp);
if (missing.length > 0) {
  abandon(`The synthesized output lacks the chart(s) ${missing.join(', ')}.`, 1);
}

// Swap by renames so dist/ is never absent for longer than two renames.
const previous = `${temp}-previous`;
if (fs.existsSync(DIST)) {
  fs.renameSync(DIST, previous);
}
fs.renameSync(temp, DIST);
fs.rmSync(previous, { recursive: true, force: true });
process.stdout.write('safe-synth: dist/ replaced.\n');
