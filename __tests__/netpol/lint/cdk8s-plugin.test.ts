import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NetpolLintValidation } = require('../../../netpol/lint/cdk8s-plugin.js');

const ROOT = path.resolve(__dirname, '../../..');
const SEED = path.join(ROOT, '__tests__/fixtures/lint/seed-policies.yaml');

interface Violation {
  ruleName: string;
  recommendation: string;
  fix: string;
  violatingResources: { resourceName: string; locations: string[]; manifestPath: string }[];
}

/** The parts of cdk8s-cli's ValidationContext the plugin uses, recording what it reports. */
function fakeContext(manifests: string[]) {
  const violations: Violation[] = [];
  const submitted: unknown[] = [];
  return {
    manifests,
    violations,
    submitted,
    report: {
      addViolation: (violation: Violation) => violations.push(violation),
      submit: (status: string, metadata?: Record<string, string>) => submitted.push(metadata === undefined ? [status] : [status, metadata]),
    },
  };
}

/** Copies files into a fresh folder, as synth writes them into a new temporary output folder. */
function outputFolder(files: Record<string, string>): { dir: string; manifests: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-lint-out-'));
  const manifests = Object.entries(files).map(([name, text]) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  });
  return { dir, manifests };
}

describe('NetpolLintValidation (cdk8s validation plugin)', () => {
  let cacheDirectory: string;
  const created: string[] = [];
  beforeEach(() => {
    cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-lint-cache-'));
    created.push(cacheDirectory);
  });
  afterAll(() => created.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  const seedOutput = () => {
    const out = outputFolder({ 'seed/policies.k8s.yaml': fs.readFileSync(SEED, 'utf8') });
    created.push(out.dir);
    return out;
  };

  it('fails on error findings and reports every finding with its file:line, object and docs link', async () => {
    const { manifests } = seedOutput();
    const context = fakeContext(manifests);
    await new NetpolLintValidation({ cacheDirectory }).validate(context);
    expect(context.submitted).toEqual([['failure', { errors: '5', warnings: '2', info: '0' }]]);
    expect(context.violations.map((v) => v.ruleName)).toEqual([
      'split-peer (error)',
      'split-peer (error)',
      'split-peer (error)',
      'split-peer (error)',
      'api-server-service-ip-only (warning)',
      'split-peer (error)',
      'api-server-service-ip-only (warning)',
    ]);
    const file = path.relative(process.cwd(), manifests[0]);
    expect(context.violations[0]).toEqual({
      ruleName: 'split-peer (error)',
      recommendation: expect.stringMatching(/^Rule spec\.egress\[0\] lists to\[0\] .* give each its own rule\.$/),
      fix: 'See docs/lint.md#split-peer; to skip the rule, add it to "disable" in the plugin properties in cdk8s.yaml.',
      violatingResources: [{ resourceName: 'NetworkPolicy localstack/localstack-network-policy', locations: [`${file}:43`], manifestPath: file }],
    });
  });

  it('succeeds with warnings only, passing the lint options through', async () => {
    const context = fakeContext(seedOutput().manifests);
    await new NetpolLintValidation({ cacheDirectory, disable: ['split-peer'] }).validate(context);
    expect(context.submitted).toEqual([['success', { errors: '0', warnings: '2', info: '0' }]]);
  });

  it('reads the inventory property, so the selector rules run', async () => {
    const context = fakeContext(seedOutput().manifests);
    await new NetpolLintValidation({ cacheDirectory, inventory: 'inventory/workloads.yaml' }).validate(context);
    expect(context.submitted).toEqual([['failure', { errors: '5', warnings: '7', info: '0' }]]);
  });

  it('reuses the last result for identical output in another folder, with that folder\'s paths', async () => {
    const first = fakeContext(seedOutput().manifests);
    await new NetpolLintValidation({ cacheDirectory }).validate(first);
    const stored = path.join(cacheDirectory, 'last-result.json');
    const before = fs.statSync(stored).mtimeMs;

    const { manifests } = seedOutput();
    const second = fakeContext(manifests);
    await new NetpolLintValidation({ cacheDirectory }).validate(second);
    expect(fs.statSync(stored).mtimeMs).toBe(before);
    expect(second.submitted).toEqual(first.submitted);
    expect(second.violations[0].violatingResources[0].manifestPath).toBe(path.relative(process.cwd(), manifests[0]));

    // Different content is a different key: linted again, and the result reflects the change.
    const fixed = outputFolder({ 'seed/policies.k8s.yaml': fs.readFileSync(SEED, 'utf8').replace(/cidr: 10\.96\.0\.1\/32/g, 'cidr: 10.0.1.1/32') });
    created.push(fixed.dir);
    const third = fakeContext(fixed.manifests);
    await new NetpolLintValidation({ cacheDirectory }).validate(third);
    expect(third.submitted).toEqual([['failure', { errors: '5', warnings: '0', info: '0' }]]);
  });

  it('fails with the analyzer\'s message for invalid input', async () => {
    const out = outputFolder({ 'x/bad.k8s.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: x}\nspec: {policyTypes: [ingress]}\n' });
    created.push(out.dir);
    const context = fakeContext(out.manifests);
    await new NetpolLintValidation({ cacheDirectory }).validate(context);
    const file = path.relative(process.cwd(), out.manifests[0]);
    expect(context.violations).toEqual([
      {
        ruleName: 'invalid-input',
        recommendation: `${file}:4: NetworkPolicy x/bad: Field spec.policyTypes[0] is "ingress"; it must be "Ingress" or "Egress" (did you mean "Ingress"?).`,
        fix: 'Fix the manifest, or the plugin properties in cdk8s.yaml.',
        violatingResources: [],
      },
    ]);
    expect(context.submitted).toEqual([['failure']]);
  });

  it.each([
    [{ inventroy: 'x' }, 'Unknown property inventroy'],
    [{ podCIDR: 'x', exclude: [] }, 'Unknown properties podCIDR, exclude'],
  ])('refuses unknown properties %j', (properties, start) => {
    expect(() => new NetpolLintValidation(properties)).toThrow(
      `NetpolLintValidation: ${start} in cdk8s.yaml; use inventory, cacheDirectory, apiServiceIp, podCidr, serviceCidr, namespaces, disable.`,
    );
  });
});

describe('cdk8s synth with the plugin from cdk8s.yaml', () => {
  const cliPackage = require.resolve('cdk8s-cli/package.json', { paths: [ROOT] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = path.join(path.dirname(cliPackage), require(cliPackage).bin.cdk8s);

  it('declares the plugin with the inventory', () => {
    expect(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')).toContain(
      'validations:\n  - package: ./netpol/lint/cdk8s-plugin.js\n    class: NetpolLintValidation\n    version: 0.0.0\n    properties:\n      inventory: inventory/workloads.yaml\n',
    );
  });

  it('fails synth when the app writes a policy with an error finding', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-synth-'));
    try {
      // GIVEN an "app" that writes the seed's policies
      // (cdk8s synth empties the output folder first, so the app creates it, as cdk8s apps do)
      const app = `node -e "const fs=require('fs');fs.mkdirSync(process.env.CDK8S_OUTDIR,{recursive:true});fs.copyFileSync('${SEED}',process.env.CDK8S_OUTDIR+'/seed.k8s.yaml')"`;
      // WHEN
      const result = spawnSync(process.execPath, [cli, 'synth', '--no-check-upgrade', '--app', app, '--output', out], { cwd: ROOT, encoding: 'utf8' });
      // THEN
      expect(result.status).toBe(2);
      expect(result.stdout).toContain('split-peer (error) (1 occurrences)');
      expect(result.stderr).toContain('Validation failed');
      expect(fs.readdirSync(out)).toEqual(['seed.k8s.yaml']);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
