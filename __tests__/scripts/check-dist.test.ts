import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nativeRequire, ROOT, runScript } from './harness';

const SCRIPT = path.join(ROOT, 'scripts', 'check-dist.js');

// The app as the scripts load it (through the test file's module registry, see the harness), built once for the file.
nativeRequire('./scripts/ts-register.js');
const { buildApp } = nativeRequire('./main.ts') as typeof import('../../main');

function checkDist(dir: string) {
  return runScript(SCRIPT, [dir]);
}

// Each test gets a copy of the committed dist/ to break. That is a fresh synth byte for byte (CI's
// gate, .ci/run, fails when `npm run synth` changes it), and it is what check-dist reads in CI;
// synthesizing the app here for it cost half a second of this file's CPU.
const pristine = path.join(ROOT, 'dist');

describe('check-dist', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-check-dist-'));
    fs.cpSync(pristine, dir, { recursive: true });
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('accepts a fresh synth', () => {
    const result = checkDist(dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`check-dist: dist/ has all ${buildApp().protectedNamespaceNames.length} namespaces, the cluster-wide charts (calico-global, network-policy-monitoring) and the Application; `
      + 'ArgoCD syncs exactly the namespace and cluster-wide manifests.\n');
  });

  test('refuses a dist/ missing the cluster-wide Calico chart', () => {
    // GIVEN
    fs.rmSync(path.join(dir, 'calico-global'), { recursive: true });

    // WHEN
    const result = checkDist(dir);

    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('dist/calico-global/ has no manifest, but main.ts defines the chart. Run `npm run synth` and commit dist/.');
  });

  test('refuses a dist/ missing a namespace main.ts defines', () => {
    // GIVEN
    fs.rmSync(path.join(dir, 'loki'), { recursive: true });

    // WHEN
    const result = checkDist(dir);

    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('dist/loki/ has no manifest, but main.ts defines the chart. Run `npm run synth` and commit dist/.');
  });

  test('refuses a stray folder ArgoCD would sync', () => {
    // GIVEN
    fs.mkdirSync(path.join(dir, 'old-namespace'));
    fs.writeFileSync(path.join(dir, 'old-namespace', 'NetworkPolicy.default-deny.k8s.yaml'), '{}');

    // WHEN
    const result = checkDist(dir);

    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'ArgoCD would sync dist/old-namespace/NetworkPolicy.default-deny.k8s.yaml, which no chart of main.ts writes. Delete it or run `npm run synth`.');
  });

  test('ignores construct-metadata.json, which the include keeps away from ArgoCD', () => {
    fs.writeFileSync(path.join(dir, 'construct-metadata.json'), '{}');
    expect(checkDist(dir).status).toBe(0);
  });

  test.each([
    {
      name: 'refuses an include that would skip the cluster-wide Calico policies',
      from: 'include: "*.k8s.yaml"',
      to: 'include: "*NetworkPolicy.*"',
      error: 'ArgoCD would skip dist/calico-global/Tier.platform.k8s.yaml. Fix directory.include ("*NetworkPolicy.*") or exclude ("argocd-application/*").',
    },
    {
      name: 'refuses an Application that would sync itself',
      from: 'exclude: argocd-application/*',
      to: 'exclude: nothing/*',
      error: 'ArgoCD would sync dist/argocd-application/Application.network-policies.k8s.yaml: the Application would manage itself. Fix directory.exclude ("nothing/*").',
    },
    {
      name: 'refuses an include that would skip a namespace\'s policies',
      from: 'include: "*.k8s.yaml"',
      to: 'include: "velero/*"',
      error: 'ArgoCD would skip dist/loki/NetworkPolicy.default-deny.k8s.yaml. Fix directory.include ("velero/*") or exclude ("argocd-application/*").',
    },
  ])('$name', ({ from, to, error }) => {
    // GIVEN
    const file = path.join(dir, 'argocd-application', 'Application.network-policies.k8s.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace(from, to));

    // WHEN
    const result = checkDist(dir);

    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(error);
  });

  test('refuses a missing dist/', () => {
    const result = checkDist(path.join(dir, 'nowhere'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('dist/ does not exist. Run `npm run synth` and commit dist/.');
  });
});
