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
const { ROOT, CHARTS, listFiles } = require('./dist-layout');
const { synthesizeCaptured } = require('./synth');

const DIST = path.join(ROOT, 'dist');
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

const { output: raw, problem } = synthesizeCaptured(relativeTemp, extra);
// The temporary folder is renamed to dist/, so messages name dist/.
const output = raw.split(relativeTemp).join('dist');
if (verbose) {
  process.stderr.write(output);
}
if (problem !== undefined) {
  if (!verbose && /exit code/.test(problem.message)) process.stderr.write(appLines(output).join('\n') + '\n');
  abandon(problem.message, problem.exitCode);
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
