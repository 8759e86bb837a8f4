#!/usr/bin/env node
'use strict';
// Times the whole `npx cdk8s synth` (app run through scripts/ts-register.js, as in cdk8s.yaml) against
// the same app run with `npx ts-node main.ts`, N times each, alternating, and prints the medians.
// Both write to gitignored temp folders, never to dist/. Each run is reported on stderr as it ends (the
// whole takes a minute or more), and the exit status is 1 when the ratio misses its target.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const runs = Number(process.argv[2] ?? 5);
/** cdk8s synth must take at most half the time of ts-node running the app (the design card's figure). */
const TARGET_RATIO = 0.5;
const outdir = fs.mkdtempSync(path.join(ROOT, '.synth-tmp-bench-'));

const commands = {
  'npx cdk8s synth': ['npx', ['cdk8s', 'synth', '--no-check-upgrade', '--output', path.relative(ROOT, outdir)], {}],
  'npx ts-node main.ts': ['npx', ['ts-node', 'main.ts'], { CDK8S_OUTDIR: outdir }],
};

function timeOnce(command, args, env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf-8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    fs.rmSync(outdir, { recursive: true, force: true });
    process.stderr.write(`bench-synth: ${command} ${args.join(' ')} failed:\n${result.stderr}\n`);
    process.exit(1);
  }
  return seconds;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, [command, args, env]] of Object.entries(commands)) {
    const seconds = timeOnce(command, args, env);
    samples[name].push(seconds);
    process.stderr.write(`bench-synth: run ${run + 1}/${runs}: ${name} ${seconds.toFixed(2)} s\n`);
  }
}
fs.rmSync(outdir, { recursive: true, force: true });

const [fast, baseline] = Object.keys(commands).map((name) => median(samples[name]));
for (const [name, values] of Object.entries(samples)) {
  process.stdout.write(`${name.padEnd(20)} median ${median(values).toFixed(2)} s  (runs: ${values.map((v) => v.toFixed(2)).join(', ')})\n`);
}
const ratio = fast / baseline;
const ok = ratio <= TARGET_RATIO;
process.stdout.write(`ratio cdk8s synth / ts-node: ${ratio.toFixed(2)} (target: at most ${TARGET_RATIO.toFixed(2)}) ${ok ? 'ok' : 'MISSED'}\n`);
process.exitCode = ok ? 0 : 1;
