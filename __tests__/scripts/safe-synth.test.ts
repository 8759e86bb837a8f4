import * as fs from 'fs';
import * as path from 'path';
import { spawnSync, type SpawnSyncOptions } from 'child_process';
import { nativeRequire, ROOT, runScript } from './harness';

// Only the failure paths run here: they must leave the real dist/ alone, so they are safe to run
// in the checkout. The success path is `npm run synth` in .ci/run, followed by check-dist. The script
// runs in this process (harness.ts); the first case goes through the real cdk8s CLI, the second
// through a stand-in that runs the --app command as the CLI would (CDK8S_OUTDIR set), which is all
// that case is about.
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

function runSafeSynth(app: string, withoutCli = false) {
  if (!withoutCli) return runScript(SCRIPT, ['--app', app]);
  const cdk8s = {
    // scripts/synth.js runs `node <cdk8s-cli> synth --no-check-upgrade --output DIR --app APP`.
    spawnSync: (_command: string, args: readonly string[], options: SpawnSyncOptions) => {
      const outdir = path.resolve(ROOT, args[args.indexOf('--output') + 1]);
      return spawnSync('sh', ['-c', args[args.indexOf('--app') + 1]], { ...options, env: { ...options.env, CDK8S_OUTDIR: outdir } });
    },
  };
  return runScript(SCRIPT, ['--app', app], { overrides: { child_process: cdk8s }, through: ['synth.js'] });
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
    const result = runSafeSynth(writeOneChart, true);

    // THEN
    expect(result.status).toBe(1);
    // Every chart but velero, in the app's order: derived from the app, not copied.
    const { CHARTS } = nativeRequire('./scripts/dist-layout.js') as { CHARTS: string[] };
    expect(CHARTS).toContain('velero');
    expect(result.stderr).toContain(
      `safe-synth: The synthesized output lacks the chart(s) ${CHARTS.filter((chart) => chart !== 'velero').join(', ')}. dist/ is untouched.`);
    expect(snapshotDist()).toEqual(before);
  });
});
