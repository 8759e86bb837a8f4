#!/usr/bin/env node
'use strict';
// `cdk8s synth` deletes its output folder before it runs the app, so a failing app leaves no
// dist/, and committing that would make ArgoCD prune every policy. This synthesizes into a
// temporary folder and replaces dist/ only when the app succeeded and wrote every chart.
const fs = require('fs');
const path = require('path');
const { ROOT } = require('./dist-layout');
const { synthesize } = require('./synth');

const DIST = path.join(ROOT, 'dist');
const temp = fs.mkdtempSync(path.join(ROOT, '.synth-tmp-'));

function abandon(message, exitCode) {
  fs.rmSync(temp, { recursive: true, force: true });
  process.stderr.write(`safe-synth: ${message} dist/ is untouched.\n`);
  process.exit(exitCode);
}

// Extra arguments go to cdk8s, e.g. `npm run synth -- --app "<command>"`.
const problem = synthesize(path.relative(ROOT, temp), process.argv.slice(2));
if (problem !== undefined) {
  abandon(problem.message, problem.exitCode);
}

// Swap by renames so dist/ is never absent for longer than two renames.
const previous = `${temp}-previous`;
if (fs.existsSync(DIST)) {
  fs.renameSync(DIST, previous);
}
fs.renameSync(temp, DIST);
fs.rmSync(previous, { recursive: true, force: true });
process.stdout.write('safe-synth: dist/ replaced.\n');
