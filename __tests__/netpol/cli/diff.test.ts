import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIFF_OUTPUT_FORMATS, calicoNote } from '../../../netpol/analyzer';
import { DIFF_HELP } from '../../../netpol/cli/diff';
import { netpol } from './harness';
import { deployment, networkPolicy, yamlOf } from '../analyzer/harness';

const ROOT = path.resolve(__dirname, '../../..');

// GIVEN a shop whose frontend may reach the backend on 9090; the new state also allows 9091
const WORKLOADS = yamlOf([deployment('shop', 'frontend', { app: 'frontend' }), deployment('shop', 'backend', { app: 'backend' })]);
const policies = (ports: object[]) =>
  yamlOf([
    networkPolicy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    networkPolicy('shop', 'frontend-out', { podSelector: { matchLabels: { app: 'frontend' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'backend' } } }], ports }] }),
    networkPolicy('shop', 'backend-in', { podSelector: { matchLabels: { app: 'backend' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }] }),
  ]);
const CHANGED = 'diff-type: changed, source: shop/frontend[Deployment], destination: shop/backend[Deployment], ref1: TCP 9090, ref2: TCP 9090-9091';
// A policy kind the analyzer does not evaluate (Calico's own kinds it does): the diff must still say so, per state.
const CALICO = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: deny-all\nspec: {priority: 10, subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}]}]}\n';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-diff-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('old/policies.yaml', policies([{ port: 9090 }]));
  write('old/workloads.yaml', WORKLOADS);
  write('new/policies.yaml', policies([{ port: 9090, endPort: 9091 }]));
  write('new/workloads.yaml', WORKLOADS);
  write('calico.yaml', CALICO);
  write('bad/netpol.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\n  namespace: shop\nspec:\n  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.0/33}\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('netpol diff', () => {
  it('prints np-guard\'s txt diff of two folders, old first, and exits 0 although something differs', () => {
    expect(netpol(['diff', 'old', 'new'], dir)).toEqual({ status: 0, stdout: `Connectivity diff:\n${CHANGED}\n`, stderr: '' });
    expect(netpol(['diff', 'new', 'old'], dir).stdout).toBe('Connectivity diff:\ndiff-type: changed, source: shop/frontend[Deployment], destination: shop/backend[Deployment], ref1: TCP 9090-9091, ref2: TCP 9090\n');
  });

  it('takes several paths per state with --ref1 and --ref2', () => {
    const result = netpol(['diff', '--ref1', 'old/policies.yaml', '--ref1', 'old/workloads.yaml', '--ref2', 'new/policies.yaml', '--ref2', 'new/workloads.yaml'], dir);
    expect(result).toEqual({ status: 0, stdout: `Connectivity diff:\n${CHANGED}\n`, stderr: '' });
  });

  it('with --exit-code exits 1 when something differs and 0 when nothing does', () => {
    expect(netpol(['diff', '--exit-code', 'old', 'new'], dir).status).toBe(1);
    expect(netpol(['diff', '--exit-code', 'old', 'old'], dir)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it.each([
    ['md', '## Connectivity diff\n'],
    ['csv', 'diff-type,source,destination,ref1,ref2,workloads-diff-info\r\n'],
    ['json', '{\n  "diffs": [\n'],
  ])('writes --output %s', (format, start) => {
    const result = netpol(['diff', 'old', 'new', '--output', format], dir);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout.startsWith(start)).toBe(true);
  });

  it('warns about Calico policies per state on stderr for txt, and puts them in the md output instead', () => {
    const args = ['diff', '--ref1', 'old', '--ref2', 'new', '--ref2', 'calico.yaml'];
    const unevaluated = [{ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', name: 'deny-all', source: { file: 'calico.yaml', line: 1 } }];
    const warning = `Warning: ref2: ${calicoNote(unevaluated).slice('Note: '.length)}\n`;
    expect(warning).toContain('AdminNetworkPolicy deny-all (calico.yaml:1)');
    expect(netpol(args, dir)).toEqual({ status: 0, stdout: `Connectivity diff:\n${CHANGED}\n`, stderr: warning });
    const md = netpol([...args, '-o', 'md'], dir);
    expect(md.stderr).toBe('');
    expect(md.stdout).toContain(`\n> Note: ref2: ${warning.slice('Warning: ref2: '.length)}`);
    // With nothing to report the md is empty, so the warning goes to stderr after all
    expect(netpol(['diff', '--ref1', 'new', '--ref2', 'new', '--ref2', 'calico.yaml', '-o', 'md'], dir)).toEqual({ status: 0, stdout: '', stderr: warning });
  });

  it('shows a Calico policy that adds ICMP egress, in list\'s notation', () => {
    // GIVEN the new state also has a Calico policy admitting ICMP from frontend to backend ahead of the Kubernetes ones
    const icmp = 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: icmp, namespace: shop}\nspec:\n  order: 10\n  selector: all()\n  types: [Ingress, Egress]\n'
      + "  egress: [{action: Allow, protocol: ICMP, destination: {selector: app == 'backend'}}]\n  ingress: [{action: Allow, protocol: ICMP, source: {selector: app == 'frontend'}}]\n";
    fs.writeFileSync(path.join(dir, 'icmp.yaml'), icmp);
    const line = 'diff-type: changed, source: shop/frontend[Deployment], destination: shop/backend[Deployment], ref1: TCP 9090, ref2: ICMP,TCP 9090';
    expect(netpol(['diff', '--ref1', 'old', '--ref2', 'old', '--ref2', 'icmp.yaml'], dir)).toEqual({ status: 0, stdout: `Connectivity diff:\n${line}\n`, stderr: '' });
    expect(netpol(['diff', '--ref1', 'old', '--ref1', 'icmp.yaml', '--ref2', 'old', '-o', 'csv'], dir).stdout).toBe(
      'diff-type,source,destination,ref1,ref2,workloads-diff-info\r\nchanged,shop/frontend[Deployment],shop/backend[Deployment],"ICMP,TCP 9090",TCP 9090,\r\n',
    );
  });

  it('warns, naming the state, when one side has no workloads', () => {
    const result = netpol(['diff', 'old/policies.yaml', 'new'], dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('Warning: ref1: The input has no workloads (Pods, Deployments, StatefulSets, …), so every connection of ref2 shows as added. Add the workload manifests next to the policies (e.g. inventory/workloads.yaml).\n');
    expect(result.stdout.split('\n').slice(1).every((line) => line === '' || line.startsWith('diff-type: added, '))).toBe(true);
  });

  it('finds no difference between copies of the same files, and still reads and checks both', () => {
    // GIVEN a copy of the old state in another folder, and one of the invalid state
    fs.cpSync(path.join(dir, 'old'), path.join(dir, 'old-copy'), { recursive: true });
    fs.cpSync(path.join(dir, 'bad'), path.join(dir, 'bad-copy'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'old-copy', 'odd.yaml'), yamlOf([deployment('shop', 'Odd_Name', { app: 'odd' })]));
    fs.cpSync(path.join(dir, 'old-copy', 'odd.yaml'), path.join(dir, 'old', 'odd.yaml'));
    // THEN nothing differs, each side's warnings are given, and an error in either side is still an error
    const same = netpol(['diff', '--exit-code', '-o', 'json', 'old', 'old-copy'], dir);
    expect([same.status, JSON.parse(same.stdout).diffs]).toEqual([0, []]);
    expect(same.stderr.split('\n').filter((line) => line !== '').map((line) => /^Warning: ref\d: [^:]+/.exec(line)?.[0])).toEqual(['Warning: ref1: old/odd.yaml', 'Warning: ref2: old-copy/odd.yaml']);
    expect(netpol(['diff', 'bad', 'bad-copy'], dir)).toMatchObject({ status: 1, stdout: '', stderr: expect.stringMatching(/^Error: ref1: bad\/netpol\.yaml:10: /) });
  });

  it('prefixes the loader\'s warnings with the state', () => {
    fs.writeFileSync(path.join(dir, 'new', 'odd.yaml'), yamlOf([deployment('shop', 'Odd_Name', { app: 'odd' })]));
    expect(netpol(['diff', 'old', 'new'], dir).stderr).toMatch(/^Warning: ref2: new\/odd\.yaml:\d+: Deployment shop\/Odd_Name: Field metadata\.name "Odd_Name" is not a valid /);
  });

  it.each([
    ['invalid input in the old state', ['diff', 'bad', 'new'], 'Error: ref1: bad/netpol.yaml:10: NetworkPolicy shop/x: Field spec.egress[0].to[0].ipBlock.cidr "10.0.0.0/33" is not a valid CIDR: the prefix length "33" must be a number from 0 to 32.\n'],
    ['a missing path in the new state', ['diff', '--ref1', 'old', '--ref2', 'new', '--ref2', 'gone'], 'Error: ref2: Path gone does not exist; pass manifest files or folders.\n'],
  ])('refuses %s with status 1, nothing on stdout and the state named', (_name, args, stderr) => {
    expect(netpol(args, dir)).toEqual({ status: 1, stdout: '', stderr });
  });

  it.each([
    ['one path', ['old'], 'Error: Expected two paths, the old state and then the new one, but got 1; for several paths per state use --ref1 PATH... --ref2 PATH...'],
    ['paths and --ref1/--ref2 together', ['--ref1', 'old', '--ref2', 'new', 'new'], 'Error: Give the states either as REF1 REF2 or with --ref1/--ref2, not both; "new" is left over.'],
    ['--ref1 without --ref2', ['--ref1', 'old'], 'Error: Missing --ref2: both states need at least one path.'],
    ['an unknown format', ['old', 'new', '-o', 'dot'], 'Error: Unknown output format "dot" for diff; use one of txt, md, csv, json.'],
  ])('refuses %s with status 2', (_name, args, message) => {
    expect(netpol(['diff', ...args], dir)).toEqual({ status: 2, stdout: '', stderr: `${message}\nRun "netpol diff --help" for usage.\n` });
  });

  it('prints help with status 0', () => {
    expect(netpol(['diff', '--help'], dir)).toEqual({ status: 0, stdout: DIFF_HELP, stderr: '' });
  });

  it('agrees with docs/analyzer.md on the options, formats and exit statuses', () => {
    const docs = fs.readFileSync(path.join(ROOT, 'docs', 'analyzer.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## `netpol diff'), docs.indexOf('\n## ', docs.indexOf('## `netpol diff') + 1));
    const options = [...DIFF_HELP.matchAll(/^ {2}(?:-\w, )?(--[a-z0-9-]+)/gm)].map((m) => m[1]);
    expect(options).toEqual(['--ref1', '--ref2', '--output', '--exit-code', '--help']);
    for (const option of options.filter((o) => o !== '--help')) expect(section).toContain(`\`${option}`);
    for (const format of DIFF_OUTPUT_FORMATS) expect(section).toContain(`| \`${format}\` |`);
    expect(section).toContain('--exit-code');
  });
});
