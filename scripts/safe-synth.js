#!/usr/bin/env node
'use strict';
// `cdk8s synth` deletes its output folder before it runs the app, so a failing app leaves no
// dist/, and committing that would make ArgoCD prune every policy. This synthesizes into a
// temporary folder and replaces dist/ only when the app succeeded and wrote every chart.
//
// The output is short: what was written, the app's warnings once each, and the linter's counts
// (`npm run lint:policies` lists its findings). `--verbose` passes everything cdk8s printed through.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { ROOT, CHARTS, missingCharts, listFiles } = require('./dist-layout');

const DIST = path.join(ROOT, 'dist');
// The CLI's own entry point, run with this node: skips npx's lookup.
const cliPackage = require.resolve('cdk8s-cli/package.json', { paths: [ROOT] });
const cli = path.join(path.dirname(cliPackage), require(cliPackage).bin.cdk8s);

const verbose = process.argv.includes('--verbose');
// Extra arguments go to cdk8s, e.g. `npm run synth -- --app "<command>"`.
const extra = process.argv.slice(2).filter((argument) => argument !== '--verbose');
const temp = fs.mkdtempSync(path.join(ROOT, '.synth-tmp-'));
const relativeTemp = path.relative(ROOT, temp);

function abandon(message, exitCode) {
  fs.rmSync(temp, { recursive: true, force: true });
  process.stderr.write(`safe-synth: ${message} dist/ is untouched.\n`);
  process.exit(exitCode);
}

const result = spawnSync(process.execPath, [cli, 'synth', '--no-check-upgrade', '--output', relativeTemp, ...extra], {
  cwd: ROOT,
  encoding: 'utf-8',
  env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  maxBuffer: 64 * 1024 * 1024,
});
if (result.error !== undefined) {
  abandon(`Could not run cdk8s: ${result.error.message}.`, 1);
}
// The temporary folder is renamed to dist/, so messages name dist/.
const output = `${result.stdout}${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, '').split(relativeTemp).join('dist');
if (verbose) {
  process.stderr.write(output);
}
if (result.status !== 0) {
  if (!verbose) process.stderr.write(appLines(output).join('\n') + '\n');
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

if (!verbose) {
  for (const line of output.split('\n').filter((text) => text.startsWith('Warning: '))) process.stderr.write(`${line}\n`);
  const lint = lintSummary(output);
  if (lint !== undefined) process.stdout.write(`${lint}\n`);
}
const objects = listFiles(DIST).filter((file) => file.endsWith('.k8s.yaml')).length;
process.stdout.write(`safe-synth: dist/ replaced: ${CHARTS.length} charts, ${objects} objects.${verbose ? '' : ' (--verbose shows cdk8s\'s full output.)'}\n`);

/** The app's own lines of a failed run: its messages, without the CLI's wrapper error and stack trace. */
function appLines(text) {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && line !== 'Synthesizing application');
  const cliError = lines.findIndex((line) => /^Error: command ".*" at .* returned a non-zero exit code/.test(line));
  const kept = cliError < 0 ? lines : lines.slice(0, cliError);
  return kept.length > 0 ? kept : lines;
}

/** `lint: 0 errors, 39 warnings (allow-all-sources 9, …); npm run lint:policies lists them`, from the validation report. */
function lintSummary(text) {
  const count = (label) => {
    const match = new RegExp(`║\\s*${label}\\s*│\\s*(\\d+)`).exec(text);
    return match === null ? undefined : Number(match[1]);
  };
  const errors = count('errors');
  const warnings = count('warnings');
  if (errors === undefined || warnings === undefined) return undefined;
  const byRule = new Map();
  for (const match of text.matchAll(/^(\S+) \((?:error|warning|info)\) \((\d+) occurrences\)$/gm)) {
    byRule.set(match[1], (byRule.get(match[1]) ?? 0) + Number(match[2]));
  }
  const rules = [...byRule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([rule, n]) => `${rule} ${n}`);
  return `lint: ${errors} errors, ${warnings} warnings${rules.length === 0 ? '' : ` (${rules.join(', ')})`}; npm run lint:policies lists them with their fixes.`;
}
