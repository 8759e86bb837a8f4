import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/netpol.js');
const FIXTURES = '__tests__/fixtures/analyzer';

/** Runs the real executable, as `npm run netpol` would. */
function netpol(args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SHOP_LIST = [
  '0.0.0.0-255.255.255.255[External] => shop/frontend[Deployment] : TCP 8080',
  'shop/frontend[Deployment] => 0.0.0.0-255.255.255.255[External] : UDP 53',
  'shop/frontend[Deployment] => shop/backend[Deployment] : TCP 9090',
  '',
].join('\n');

describe('netpol list', () => {
  it('prints the txt listing of a folder, skipping Services and non-manifest JSON', () => {
    expect(netpol(['list', `${FIXTURES}/shop`])).toEqual({ status: 0, stdout: SHOP_LIST, stderr: '' });
  });

  it('works from any directory with absolute paths', () => {
    expect(netpol(['list', path.join(ROOT, FIXTURES, 'shop'), '--output', 'txt'], os.tmpdir()).stdout).toBe(SHOP_LIST);
  });

  it('warns on stderr about Calico policies for txt output', () => {
    const result = netpol(['list', `${FIXTURES}/calico`]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `Warning: Note: 1 Calico policy was NOT evaluated, so the result considers Kubernetes NetworkPolicies only: GlobalNetworkPolicy deny-all (${FIXTURES}/calico/all.yaml:11).\n`,
    );
  });

  it('warns when the input has policies but no workloads', () => {
    expect(netpol(['list', `${FIXTURES}/shop/netpols.yaml`])).toEqual({
      status: 0,
      stdout: '',
      stderr: 'Warning: The input has no workloads (Pods, Deployments, StatefulSets, …), so there are no connections to list. Add the workload manifests next to the policies.\n',
    });
  });

  it('puts the Calico policies in a json field instead', () => {
    const result = netpol(['list', `${FIXTURES}/calico`, '-o', 'json']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(JSON.parse(result.stdout).calicoPoliciesNotEvaluated).toEqual([
      { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', name: 'deny-all', file: `${FIXTURES}/calico/all.yaml`, line: 11 },
    ]);
  });

  it.each([
    ['host bits set', `${FIXTURES}/bad-cidr`, `Error: ${FIXTURES}/bad-cidr/netpol.yaml:12: NetworkPolicy media/to-nas: Field spec.egress[0].to[0].ipBlock.cidr "10.0.1.1/24" is not a valid CIDR: host bits are set (the address is not the first one of its block). Did you mean "10.0.1.0/24"?\n`],
    ['unparsable YAML', `${FIXTURES}/bad-yaml`, `Error: ${FIXTURES}/bad-yaml/broken.yaml:5: The file is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]. Fix the syntax, or move the file out of the analysed folders.\n`],
    ['a missing path', `${FIXTURES}/nope`, `Error: Path ${FIXTURES}/nope does not exist; pass manifest files or folders.\n`],
  ])('refuses %s with status 1 and nothing on stdout', (_name, input, stderr) => {
    expect(netpol(['list', input])).toEqual({ status: 1, stdout: '', stderr });
  });

  it.each([
    ['no command', [], 'Error: No command given.\nRun "netpol --help" for usage.\n'],
    ['an unknown command', ['lsit'], 'Error: Unknown command "lsit"; use list or explain.\nRun "netpol --help" for usage.\n'],
    ['an unknown format', ['list', '-o', 'yaml', 'x'], 'Error: Unknown output format "yaml"; use one of txt, json, md, csv, dot, mermaid.\nRun "netpol list --help" for usage.\n'],
    ['no paths', ['list'], 'Error: No input paths given; pass manifest files or folders.\nRun "netpol list --help" for usage.\n'],
  ])('refuses %s with status 2', (_name, args, stderr) => {
    expect(netpol(args)).toEqual({ status: 2, stdout: '', stderr });
  });

  it('refuses an unknown option with status 2, passing on Node\'s parseArgs message', () => {
    const result = netpol(['list', '--colour', 'x']);
    expect([result.status, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toMatch(/^Error: Unknown option '--colour'\..*\nRun "netpol list --help" for usage\.\n$/);
  });

  it.each([[['--help']], [['list', '--help']], [['explain', '-h']]])('%j prints help with status 0', (args) => {
    const result = netpol(args);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toMatch(/^Usage: netpol /);
    expect(result.stdout).toContain('Exit status');
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
    ['a named port', ['--from', 'site/web[Deployment]', '--to', '1.1.1.1', '--port', 'https'], 'Error: Invalid --port "https"; expected a number from 1 to 65535 with an optional protocol, e.g. 443, 443/TCP or 53/udp. Named ports are not accepted; give the number the container declares.\n'],
    ['an unknown protocol', ['--from', 'site/web[Deployment]', '--to', '1.1.1.1', '--port', '1/icmp'], 'Error: Invalid --port "1/icmp"; expected a number from 1 to 65535 with an optional protocol, e.g. 443, 443/TCP or 53/udp.\n'],
    ['a port of 0', ['--from', 'site/web[Deployment]', '--to', '1.1.1.1', '--port', '0'], 'Error: Invalid --port "0"; expected a number from 1 to 65535 with an optional protocol, e.g. 443, 443/TCP or 53/udp.\n'],
    ['missing options', ['--from', 'site/web'], 'Error: Missing --to, --port.\n'],
    ['a bad output format', ['--from', 'site/web', '--to', '1.1.1.1', '--port', '1', '-o', 'md'], 'Error: Unknown output format "md" for explain; use txt or json.\n'],
  ])('refuses %s with status 2', (_name, args, message) => {
    expect(netpol(['explain', `${FIXTURES}/ambiguous`, ...args])).toEqual({ status: 2, stdout: '', stderr: `${message}Run "netpol explain --help" for usage.\n` });
  });
});
