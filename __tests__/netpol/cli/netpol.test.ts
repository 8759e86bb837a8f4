import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../../netpol/lint';
import { netpol, ROOT, SHOP_LIST } from './harness';

const BIN = path.join(ROOT, 'netpol/bin/netpol.js');
const FIXTURES = '__tests__/fixtures/analyzer';

describe('netpol list', () => {
  it('prints the txt listing of a folder, skipping Services and non-manifest JSON', () => {
    expect(netpol(['list', `${FIXTURES}/shop`])).toEqual({ status: 0, stdout: SHOP_LIST, stderr: '' });
  });

  it('works from any directory with absolute paths', () => {
    expect(netpol(['list', path.join(ROOT, FIXTURES, 'shop'), '--output', 'txt'], os.tmpdir()).stdout).toBe(SHOP_LIST);
  });

  it('evaluates Calico policies: a GlobalNetworkPolicy without rules denies at the end of the default tier, with no note', () => {
    // GIVEN deny-all (selector all(), types Ingress and Egress, no rules) WHEN listed THEN nothing is allowed
    expect(netpol(['list', `${FIXTURES}/calico`])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('explains the tier path of a Calico verdict on stdout and leaves stderr empty', () => {
    const result = netpol(['explain', `${FIXTURES}/calico`, '--from', 'demo/app', '--to', 'demo/other', '--port', '80']);
    expect([result.status, result.stderr]).toEqual([3, '']);
    expect(result.stdout).toBe(
      [
        'DENIED: demo/app[Deployment] => demo/other[Deployment] on TCP 80',
        'Egress from demo/app[Deployment]: denied',
        '  tier default (order 1000000, defaultAction Deny):',
        `    GlobalNetworkPolicy deny-all (order none, ${FIXTURES}/calico/all.yaml:11): no rule matches, next policy`,
        '    => end of tier default: no policy matched, so its defaultAction Deny denies it',
        'Ingress to demo/other[Deployment]: denied',
        '  tier default (order 1000000, defaultAction Deny):',
        `    GlobalNetworkPolicy deny-all (order none, ${FIXTURES}/calico/all.yaml:11): no rule matches, next policy`,
        '    => end of tier default: no policy matched, so its defaultAction Deny denies it',
        '',
      ].join('\n'),
    );
  });

  it('warns on stderr about policies it does not evaluate (AdminNetworkPolicy) for txt output', () => {
    const result = netpol(['list', `${FIXTURES}/admin-policy`]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      'Warning: 1 policy was NOT evaluated (Calico enforces AdminNetworkPolicy in its adminnetworkpolicy tier before every other tier, and BaselineAdminNetworkPolicy in its baselineadminnetworkpolicy tier after the default tier; ' +
        `the analyzer does not model them), so the result does not account for them: AdminNetworkPolicy deny-cross-tenant (${FIXTURES}/admin-policy/anp.yaml:6).\n`,
    );
  });

  it('ends an explanation with the not-evaluated note once, on stdout', () => {
    const result = netpol(['explain', `${FIXTURES}/admin-policy`, '--from', '203.0.113.1', '--to', 'demo/app', '--port', '80']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout.trimEnd().split('\n').pop()).toMatch(/^Note: 1 policy was NOT evaluated .*AdminNetworkPolicy deny-cross-tenant \(__tests__\/fixtures\/analyzer\/admin-policy\/anp\.yaml:6\)\.$/);
  });

  it('warns when the input has policies but no workloads', () => {
    expect(netpol(['list', `${FIXTURES}/shop/netpols.yaml`])).toEqual({
      status: 0,
      stdout: '',
      stderr: 'Warning: The input has no workloads (Pods, Deployments, StatefulSets, …), so there are no connections to list. Add the workload manifests next to the policies.\n',
    });
  });

  it('puts the policies it does not evaluate, and the notes, in json fields instead', () => {
    const result = netpol(['list', `${FIXTURES}/admin-policy`, '-o', 'json']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    const document = JSON.parse(result.stdout);
    expect(document.calicoPoliciesNotEvaluated).toEqual([
      { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', name: 'deny-cross-tenant', file: `${FIXTURES}/admin-policy/anp.yaml`, line: 6 },
    ]);
    expect(document.notes).toEqual([{ level: 'warning', text: expect.stringContaining('1 policy was NOT evaluated') }]);
    expect(JSON.parse(netpol(['list', `${FIXTURES}/calico`, '-o', 'json']).stdout)).toEqual({ connections: [], calicoPoliciesNotEvaluated: [] });
  });

  it('reads a CIDR with host bits as the API server does, and lint warns about it', () => {
    // GIVEN 10.0.1.1/24 (ParseCIDRSloppy accepts it; the cluster drops the host bits)
    expect(netpol(['list', `${FIXTURES}/bad-cidr`])).toMatchObject({ status: 0, stderr: expect.stringContaining('no workloads') });
    const lint = netpol(['lint', `${FIXTURES}/bad-cidr`]);
    expect(lint.stdout).toContain(`warning  ipblock-host-bits  ${FIXTURES}/bad-cidr/netpol.yaml:11  NetworkPolicy media/to-nas  Rule spec.egress[0] to[0] ipBlock.cidr "10.0.1.1/24" has host bits set.`);
  });

  it.each([
    ['unparsable YAML', `${FIXTURES}/bad-yaml`, `Error: ${FIXTURES}/bad-yaml/broken.yaml:5: The file is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]. Fix the syntax, or move the file out of the analysed folders.\n`],
    ['a missing path', `${FIXTURES}/nope`, `Error: Path ${FIXTURES}/nope does not exist; pass manifest files or folders.\n`],
  ])('refuses %s with status 1 and nothing on stdout', (_name, input, stderr) => {
    expect(netpol(['list', input])).toEqual({ status: 1, stdout: '', stderr });
  });

  it.each([
    ['no command', [], 'Error: No command given.\nRun "netpol --help" for usage.\n'],
    ['an unknown command', ['lsit'], 'Error: Unknown command "lsit"; use list, diff, explain or lint.\nRun "netpol --help" for usage.\n'],
    ['an unknown format', ['list', '-o', 'yaml', 'x'], 'Error: Unknown output format "yaml"; use one of txt, json, md, csv, dot, mermaid.\nRun "netpol list --help" for usage.\n'],
    ['no paths', ['list'], 'Error: No input paths given; pass manifest files or folders.\nRun "netpol list --help" for usage.\n'],
  ])('refuses %s with status 2', (_name, args, stderr) => {
    expect(netpol(args)).toEqual({ status: 2, stdout: '', stderr });
  });

  it.each([
    ['an unknown option', ['list', '--colour', 'x'], 'Error: Unknown option "--colour"; the options are -o/--output, -h/--help. A path that starts with "-" goes after "--", as in: -- "--colour".\nRun "netpol list --help" for usage.\n'],
    ['an unknown short option', ['lint', '-x'], 'Error: Unknown option "-x"; the options are -o/--output, --api-service-ip, --pod-cidr, --service-cidr, --namespace, --disable, -h/--help. A path that starts with "-" goes after "--", as in: -- "-x".\nRun "netpol lint --help" for usage.\n'],
    ['an option without its value', ['list', '--output'], 'Error: Option "--output" needs a value, e.g. --output json.\nRun "netpol list --help" for usage.\n'],
    ['a value for a flag', ['list', '--help=yes'], 'Error: Option "--help" takes no value.\nRun "netpol list --help" for usage.\n'],
    ['an option before the command', ['--colour'], 'Error: Unknown option "--colour"; give a command first: list, diff, explain or lint (or --help, --version).\nRun "netpol --help" for usage.\n'],
  ])('refuses %s with status 2 and a message whose quotes pair up', (_name, args, stderr) => {
    expect(netpol(args)).toEqual({ status: 2, stdout: '', stderr });
    expect((stderr.match(/"/g) ?? []).length % 2).toBe(0);
  });

  it('prints the version from package.json', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(netpol(['--version'])).toEqual({ status: 0, stdout: `netpol ${version}\n`, stderr: '' });
    expect(netpol(['--help']).stdout).toContain('--version');
  });

  it.each([[['--help']], [['list', '--help']], [['diff', '--help']], [['explain', '-h']], [['lint', '--help']]])('%j prints help with status 0', (args) => {
    const result = netpol(args);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toMatch(/^Usage: netpol /);
    expect(result.stdout).toContain('Exit status');
  });
});

describe('netpol list input paths', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-paths-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a file once when it is named twice, or named inside a folder that is also given', () => {
    const shop = path.join(ROOT, FIXTURES, 'shop');
    expect(netpol(['list', `${FIXTURES}/shop`, `${FIXTURES}/shop`])).toEqual({ status: 0, stdout: SHOP_LIST, stderr: '' });
    expect(netpol(['list', `${FIXTURES}/shop`, `./${FIXTURES}/shop/netpols.yaml`, path.join(shop, 'netpols.yaml')])).toEqual({ status: 0, stdout: SHOP_LIST, stderr: '' });
  });

  it('follows symbolic links to files and folders inside a folder, reading each file once and not looping', () => {
    const shop = path.join(ROOT, FIXTURES, 'shop');
    fs.mkdirSync(path.join(dir, 'sub'));
    for (const name of fs.readdirSync(shop)) fs.symlinkSync(path.join(shop, name), path.join(dir, name));
    fs.symlinkSync(shop, path.join(dir, 'sub', 'shop-again'));
    fs.symlinkSync(dir, path.join(dir, 'sub', 'loop'));
    expect(netpol(['list', dir])).toEqual({ status: 0, stdout: SHOP_LIST, stderr: '' });
  });

  it('refuses a dangling symbolic link to a manifest with status 1', () => {
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'policies.yaml'));
    expect(netpol(['list', dir])).toEqual({
      status: 1,
      stdout: '',
      stderr: `Error: The symbolic link ${path.join(dir, 'policies.yaml')} points to ${path.join(dir, 'gone.yaml')}, which does not exist; fix or remove the link.\n`,
    });
  });
});

describe('netpol explain', () => {
  it('exits 0 and explains an allowed connection', () => {
    const result = netpol(['explain', `${FIXTURES}/shop`, '--from', 'shop/frontend', '--to', 'shop/backend', '--port', '9090/tcp']);
    expect(result).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        'ALLOWED: shop/frontend[Deployment] => shop/backend[Deployment] on TCP 9090',
        'Egress from shop/frontend[Deployment]: allowed',
        `  selected by: shop/default-deny (${FIXTURES}/shop/netpols.yaml:1), shop/frontend (${FIXTURES}/shop/netpols.yaml:10)`,
        `  admitted by: shop/frontend spec.egress[0] (${FIXTURES}/shop/netpols.yaml:22): to[0] podSelector app=backend in namespace shop; ports[0] 9090/TCP`,
        'Ingress to shop/backend[Deployment]: allowed',
        `  selected by: shop/default-deny (${FIXTURES}/shop/netpols.yaml:1), shop/backend (${FIXTURES}/shop/netpols.yaml:30)`,
        `  admitted by: shop/backend spec.ingress[0] (${FIXTURES}/shop/netpols.yaml:39): from[0] podSelector app=frontend in namespace shop; ports[0] named port api/TCP (9090 on shop/backend[Deployment])`,
        '',
      ].join('\n'),
    });
  });

  it('exits 3 for a denied connection', () => {
    const result = netpol(['explain', `${FIXTURES}/shop`, '--from', 'shop/backend', '--to', '203.0.113.7', '--port', '443']);
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/^DENIED: shop\/backend\[Deployment\] => 203\.0\.113\.7\[External\] on TCP 443\n/);
  });

  it('emits the explanation as JSON on request', () => {
    const result = netpol(['explain', `${FIXTURES}/shop`, '--from', '203.0.113.7', '--to', 'shop/frontend', '--port', '8080', '-o', 'json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ allowed: true, egress: { verdict: 'external' }, ingress: { verdict: 'allowed' }, calicoPolicies: [] });
  });

  it('accepts ns/name[Kind] where the name alone is ambiguous', () => {
    expect(netpol(['explain', `${FIXTURES}/ambiguous`, '--from', 'site/web[StatefulSet]', '--to', 'site/web[Deployment]', '--port', '53/UDP']).status).toBe(0);
  });

  it.each([
    ['an ambiguous workload', ['--from', 'site/web', '--to', '1.1.1.1', '--port', '443'], 'Error: "site/web" is ambiguous: site/web[Deployment], site/web[StatefulSet]. Add the kind, e.g. site/web[Deployment].\n'],
    ['a named port', ['--from', 'site/web[Deployment]', '--to', '1.1.1.1', '--port', 'https'], 'Error: Invalid --port "https"; expected a number from 1 to 65535 with an optional protocol, e.g. 443, 443/TCP or 53/udp (or icmp/8/0, ip/47). Named ports are not accepted; give the number the container declares.\n'],
    ['an unknown protocol', ['--from', 'site/web[Deployment]', '--to', '1.1.1.1', '--port', '1/icmp'], 'Error: Invalid --port "1/icmp"; expected a number from 1 to 65535 with an optional protocol, e.g. 443, 443/TCP or 53/udp (or icmp/8/0, ip/47).\n'],
    ['a port of 0', ['--from', 'site/web[Deployment]', '--to', '1.1.1.1', '--port', '0'], 'Error: Invalid --port "0"; expected a number from 1 to 65535 with an optional protocol, e.g. 443, 443/TCP or 53/udp (or icmp/8/0, ip/47).\n'],
    ['missing options', ['--from', 'site/web'], 'Error: Missing --to, --port.\n'],
    ['a bad output format', ['--from', 'site/web', '--to', '1.1.1.1', '--port', '1', '-o', 'md'], 'Error: Unknown output format "md" for explain; use txt or json.\n'],
  ])('refuses %s with status 2', (_name, args, message) => {
    expect(netpol(['explain', `${FIXTURES}/ambiguous`, ...args])).toEqual({ status: 2, stdout: '', stderr: `${message}Run "netpol explain --help" for usage.\n` });
  });
});

describe('netpol lint', () => {
  const SEED = '__tests__/fixtures/lint/seed-policies.yaml';
  const API_ONLY = '__tests__/fixtures/lint/cli/api-only.yaml';
  const NO_WORKLOADS =
    'Note: The input has no workloads (Pods, Deployments, StatefulSets, …), so selector-matches-nothing, unknown-named-port and host-network-selected had nothing to check. ' +
    'Add the workload manifests (e.g. inventory/workloads.yaml).\n';
  const API_MESSAGE = (ip: string) =>
    `Rule spec.egress[1] admits the API server's Service IP ${ip} on TCP 443 (to[0]: ipBlock ${ip}/32), but no egress rule for these pods (podSelector {}) admits TCP 6443 ` +
    "to the API server's endpoints. With kube-proxy, Calico evaluates the packet after the Service DNAT, when it is addressed to an endpoint on 6443, so this rule alone " +
    'does not let the pods reach the API server. Add each endpoint as a /32 ipBlock on TCP 6443 (list them with: kubectl get endpointslice -n default ' +
    '-l kubernetes.io/service-name=kubernetes), keeping this rule for the Service IP.';

  it('prints one line per finding and a summary, and exits 1 when there are errors', () => {
    const result = netpol(['lint', SEED]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(NO_WORKLOADS);
    const lines = result.stdout.split('\n');
    expect(lines.map((line) => line.split('  ').slice(0, 4).join('  '))).toEqual([
      `error  split-peer  ${SEED}:43  NetworkPolicy localstack/localstack-network-policy`,
      `error  split-peer  ${SEED}:77  NetworkPolicy unipoller/unipoller-network-policy`,
      `error  split-peer  ${SEED}:128  NetworkPolicy loki/loki-network-policy`,
      `error  split-peer  ${SEED}:182  NetworkPolicy trivy-system/trivy-operator-network-policy`,
      `warning  api-server-service-ip-only  ${SEED}:195  NetworkPolicy trivy-system/trivy-operator-network-policy`,
      `error  split-peer  ${SEED}:234  NetworkPolicy velero/velero-network-policy`,
      `warning  api-server-service-ip-only  ${SEED}:255  NetworkPolicy velero/velero-network-policy`,
      '5 errors, 2 warnings, 0 info.',
      '',
    ]);
    expect(lines[0].split('  ')[4]).toMatch(/^Rule spec\.egress\[0\] lists to\[0\] .* give each its own rule\.$/);
  });

  it('exits 0 with warnings only and honours --api-service-ip; its Calico policy is evaluated, so no note', () => {
    expect(netpol(['lint', API_ONLY, '--api-service-ip', '10.43.0.1'])).toEqual({
      status: 0,
      stdout: `warning  api-server-service-ip-only  ${API_ONLY}:30  NetworkPolicy ops/allow-dns-and-api  ${API_MESSAGE('10.43.0.1')}\n0 errors, 1 warning, 0 info.\n`,
      stderr: NO_WORKLOADS,
    });
    expect(netpol(['lint', API_ONLY]).stdout).toBe('0 errors, 0 warnings, 0 info.\n');
  });

  it('takes --pod-cidr and --service-cidr', () => {
    const result = netpol(['lint', API_ONLY, '--pod-cidr', '100.64.0.0/16', '--service-cidr', '100.65.0.0/16']);
    expect(result.stdout.split('\n').map((line) => line.split('  ').slice(0, 3).join('  '))).toEqual([
      `warning  ipblock-covers-cluster-cidr  ${API_ONLY}:35`,
      '0 errors, 1 warning, 0 info.',
      '',
    ]);
    expect(result.stdout).toContain('covers the pod CIDR 100.64.0.0/16 and the Service CIDR 100.65.0.0/16.');
  });

  it('holds --namespace to default deny and prints "-" for a finding without a file', () => {
    const result = netpol(['lint', API_ONLY, '--namespace', 'media', '--namespace', 'ops']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      'error  missing-default-deny  -  Namespace media  Namespace media has no NetworkPolicy in the input, so its pods accept and send any traffic. ' +
        'Add a default-deny policy to media (podSelector: {}, policyTypes: [Ingress, Egress], no rules); the other policies then list what is allowed.\n' +
        '1 error, 0 warnings, 0 info.\n',
    );
  });

  it('skips rules given with --disable, so only warnings remain and the status is 0', () => {
    const result = netpol(['lint', SEED, '--disable', 'split-peer', '--disable', 'api-server-service-ip-only']);
    expect([result.status, result.stdout]).toEqual([0, '0 errors, 0 warnings, 0 info.\n']);
  });

  it('emits findings, counts and the (here no) policies not evaluated as JSON', () => {
    const result = netpol(['lint', API_ONLY, '--api-service-ip', '10.43.0.1', '-o', 'json']);
    expect([result.status, result.stderr]).toEqual([0, NO_WORKLOADS]);
    expect(JSON.parse(result.stdout)).toEqual({
      findings: [{ ruleId: 'api-server-service-ip-only', severity: 'warning', file: API_ONLY, line: 30, object: 'NetworkPolicy ops/allow-dns-and-api', message: API_MESSAGE('10.43.0.1') }],
      summary: { error: 0, warning: 1, info: 0 },
      calicoPoliciesNotEvaluated: [],
    });
  });

  it.each([
    ['a bad --pod-cidr', ['--pod-cidr', '192.168.1.0/16'], 'Error: The pod CIDR "192.168.1.0/16" is not a valid CIDR: host bits are set (the address is not the first one of its block). Did you mean "192.168.0.0/16"?\n'],
    ['a bad --api-service-ip', ['--api-service-ip', 'kubernetes'], 'Error: The API Service IP "kubernetes" is not an IPv4 address; give the ClusterIP of the kubernetes Service, e.g. 10.96.0.1.\n'],
    ['an unknown rule to disable', ['--disable', 'split-peers'], `Error: Unknown rule "split-peers" to disable; the rules are ${RULES.map((rule) => rule.id).join(', ')}.\n`],
    ['an unknown output format', ['-o', 'csv'], 'Error: Unknown output format "csv" for lint; use txt or json.\n'],
  ])('refuses %s with status 2', (_name, args, message) => {
    expect(netpol(['lint', SEED, ...args])).toEqual({ status: 2, stdout: '', stderr: `${message}Run "netpol lint --help" for usage.\n` });
  });

  it('refuses no paths with status 2 and invalid input with status 1', () => {
    expect(netpol(['lint']).status).toBe(2);
    expect(netpol(['lint', `${FIXTURES}/bad-yaml`])).toMatchObject({ status: 1, stdout: '' });
  });

  it('lists every rule with its severity in the help', () => {
    const help = netpol(['lint', '--help']).stdout;
    expect(help).toContain('  split-peer                  error    A rule lists a namespaceSelector and a podSelector as two peers (ORed) where one peer with both was meant.\n');
    expect(help).toContain('  host-network-selected       warning  ');
  });
});

describe('the real executable (smoke tests: bin/netpol.js, exit statuses, standard input, pipes)', () => {
  /** Runs bin/netpol.js, as `npm run netpol` would. */
  function bin(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', input });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('lists a folder and standard input given as "-"', () => {
    const policies = fs.readFileSync(path.join(ROOT, FIXTURES, 'shop', 'netpols.yaml'), 'utf8');
    expect(bin(['list', '-', `${FIXTURES}/shop/apps`], policies)).toEqual({ status: 0, stdout: SHOP_LIST, stderr: '' });
  });

  it('exits with main\'s status: 3 for a denied connection', () => {
    expect(bin(['explain', `${FIXTURES}/shop`, '--from', 'shop/backend', '--to', '203.0.113.7', '--port', '443']).status).toBe(3);
  });

  it('reads a process substitution, and stops quietly when the reader of its output goes away (netpol list … | head -1)', () => {
    // GIVEN 300 workloads without policies: 90,000 lines, more than a pipe holds
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-pipe-'));
    try {
      const items = Array.from({ length: 300 }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'big' } }));
      fs.writeFileSync(path.join(dir, 'pods.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
      const script = `set -o pipefail; node ${JSON.stringify(BIN)} list <(cat pods.json) | head -1; echo "status \${PIPESTATUS[0]}"`;
      const result = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('0.0.0.0-255.255.255.255[External] => big/p0[Pod] : All Connections\nstatus 0\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
