import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';

// Only the failure paths run here: they must leave the real dist/ alone, so they are safe to run
// in the checkout. The success path is `npm run synth` in .ci/run, followed by check-dist.
const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'safe-synth.js');

function snapshotDist(): string[] {
  const dist = path.join(ROOT, 'dist');
  return fs.existsSync(dist)
    ? fs.readdirSync(dist, { recursive: true, withFileTypes: true }).map((entry) => path.join(entry.parentPath ?? '', entry.name))
    : [];
}

function temporaryFolders(): string[] {
  return fs.readdirSync(ROOT).filter((name) => name.startsWith('.synth-tmp-'));
}

function runSafeSynth(app: string) {
  return spawnSync(process.execPath, [SCRIPT, '--app', app], { cwd: ROOT, encoding: 'utf-8' });
}

describe('safe-synth', () => {
  test('when the app throws, exits non-zero, shows the error and leaves dist/ and no temp folder behind', () => {
    // GIVEN
    const before = snapshotDist();
    const tempBefore = temporaryFolders();

    // WHEN
    const result = runSafeSynth('node -e "throw new Error(\'the app broke\')"');

    // THEN
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('the app broke');
    expect(result.stderr).toContain('safe-synth: cdk8s synth failed with exit code 1; the app\'s error is above. dist/ is untouched.');
    expect(snapshotDist()).toEqual(before);
    expect(temporaryFolders()).toEqual(tempBefore);
  });

  test('when a chart is missing from the output, exits non-zero and names it', () => {
    // GIVEN an "app" that writes only the velero chart
    const writeOneChart = 'node -e "const fs=require(\'fs\'),d=process.env.CDK8S_OUTDIR+\'/velero\';'
      + 'fs.mkdirSync(d,{recursive:true});fs.writeFileSync(d+\'/NetworkPolicy.default-deny.k8s.yaml\',\'{}\')"';
    const before = snapshotDist();

    // WHEN
    const result = runSafeSynth(writeOneChart);

    // THEN
    expect(result.status).toBe(1);
    // Every chart but velero, in the app's order: derived from the app, not copied.
    const { CHARTS } = require(path.join(ROOT, 'scripts', 'dist-layout.js')) as { CHARTS: string[] };
    expect(CHARTS).toContain('velero');
    expect(result.stderr).toContain(
      `safe-synth: The synthesized output lacks the chart(s) ${CHARTS.filter((chart) => chart !== 'velero').join(', ')}. dist/ is untouched.`);
    expect(snapshotDist()).toEqual(before);
  });
});
