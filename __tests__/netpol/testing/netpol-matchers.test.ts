import { spawnSync } from 'child_process';
import { clusterOf, loadCluster, netpolMatchers, REPO_ROOT } from '../../../netpol/testing/netpol-matchers';
import { deployment, modelOf, namespace, networkPolicy } from '../analyzer/harness';

expect.extend(netpolMatchers);

// `shop/web` admits `shop/client` on 8080 only; `shop/client` is not isolated.
const { flow } = clusterOf(
  modelOf(
    [
      namespace('shop'),
      deployment('shop', 'web', { app: 'web' }),
      deployment('shop', 'client', { app: 'client' }),
      networkPolicy('shop', 'web-in', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 8080 }] }],
      }),
    ],
    'shop.yaml',
  ),
);

describe('toBeAllowed / toBeDenied', () => {
  it('pass when the policies agree', () => {
    expect(flow('shop/client', 'shop/web', 'TCP/8080')).toBeAllowed();
    expect(flow('shop/client', 'shop/web', 'TCP/9090')).toBeDenied();
    expect(flow('shop/client', 'shop/web', 'UDP/8080')).not.toBeAllowed();
    expect(flow('shop/web', '203.0.113.7', 'TCP/443')).not.toBeDenied();
  });

  it('fail with the explain text when the flow is denied', () => {
    // WHEN a denied flow is expected to be allowed
    // THEN the message says so and carries the explanation, near miss included
    expect(() => expect(flow('shop/client', 'shop/web', 'TCP/9090')).toBeAllowed()).toThrow(
      [
        'Expected shop/client[Deployment] => shop/web[Deployment] on TCP 9090 to be allowed, but the policies deny it.',
        '',
        'DENIED: shop/client[Deployment] => shop/web[Deployment] on TCP 9090',
        'Egress from shop/client[Deployment]: allowed (not isolated: no NetworkPolicy selects it for Egress, so all traffic is allowed by default)',
        'Ingress to shop/web[Deployment]: denied (isolated, and no rule of the selecting policies admits it)',
        '  selected by: shop/web-in (shop.yaml:43)',
        '  peer matches but port does not: shop/web-in spec.ingress[0] (shop.yaml:53): from[0] podSelector app=client in namespace shop; only TCP 8080',
      ].join('\n'),
    );
  });

  it('fail with the explain text when the flow is allowed', () => {
    expect(() => expect(flow('shop/client', 'shop/web', 'TCP/8080')).toBeDenied()).toThrow(
      /^Expected shop\/client\[Deployment\] => shop\/web\[Deployment\] on TCP 8080 to be denied, but the policies allow it\.\n\nALLOWED: .*\n[^]*admitted by: shop\/web-in spec\.ingress\[0\]/,
    );
    expect(() => expect(flow('shop/client', 'shop/web', 'TCP/8080')).not.toBeAllowed()).toThrow(/to be denied, but the policies allow it\.\n\nALLOWED:/);
    expect(() => expect(flow('shop/client', 'shop/web', 'TCP/9090')).not.toBeDenied()).toThrow(/to be allowed, but the policies deny it\.\n\nDENIED:/);
  });
});

describe('bad input', () => {
  it('names an unknown workload and lists what the namespace has', () => {
    expect(() => flow('shop/client', 'shop/cart', 'TCP/8080')).toThrow(
      'Cannot check shop/client => shop/cart on TCP/8080: No workload shop/cart in the input. Workloads in shop: shop/web[Deployment], shop/client[Deployment].',
    );
  });

  it('refuses a port that is not PROTOCOL/PORT', () => {
    expect(() => flow('shop/client', 'shop/web', '8080/TCP' as 'TCP/8080')).toThrow(
      "Port \"8080/TCP\" is not PROTOCOL/PORT with a port from 1 to 65535; write it like 'TCP/4566' or 'UDP/53'.",
    );
    expect(() => flow('shop/client', 'shop/web', 'TCP/0')).toThrow('Port "TCP/0" is not PROTOCOL/PORT');
  });

  it('refuses two addresses, since no policy governs that', () => {
    expect(() => flow('192.0.2.1', '203.0.113.7', 'TCP/443')).toThrow(/^Cannot check 192\.0\.2\.1 => 203\.0\.113\.7 on TCP\/443: Both ends are IP addresses/);
  });

  it('refuses a matcher subject that is not a flow', () => {
    expect(() => expect('shop/client => shop/web').toBeAllowed()).toThrow(
      'toBeAllowed() expects a flow from cluster.flow(from, to, port), but got string shop/client => shop/web. Wrap the connection in flow(…).',
    );
    expect(() => expect({ from: 'a' }).not.toBeDenied()).toThrow('toBeDenied() expects a flow from cluster.flow(from, to, port), but got an object ({"from":"a"}).');
  });
});

describe('loadCluster', () => {
  it('reads paths from the repository root, whatever the working directory', () => {
    // GIVEN a process whose working directory is elsewhere (a child process: jest's workers may be
    // threads, which cannot change directory, and a changed directory would leak into other tests)
    const script = [
      "const { loadCluster } = require('./netpol/testing/netpol-matchers');",
      "process.chdir('/');",
      "const cluster = loadCluster(['inventory/workloads.yaml']);",
      "const flow = cluster.flow('velero/velero', 'default/test-pod', 'TCP/80');",
      "process.stdout.write(JSON.stringify({ cwd: process.cwd(), policies: cluster.model.policies.length, workloads: cluster.model.workloads.length, allowed: flow.allowed, isFlow: flow.constructor.name }));",
    ].join('\n');
    const result = spawnSync(process.execPath, ['-r', './scripts/ts-register.js', '-e', script], { cwd: REPO_ROOT, encoding: 'utf-8' });
    expect(result.stderr).toBe('');
    // THEN the inventory loads, and with no policies every flow is allowed
    expect(JSON.parse(result.stdout)).toEqual({ cwd: '/', policies: 0, workloads: expect.any(Number), allowed: true, isFlow: 'NetpolFlow' });
    expect(JSON.parse(result.stdout).workloads).toBeGreaterThan(20);
  });

  it('says which path is missing', () => {
    expect(() => loadCluster(['no-such-folder'])).toThrow('Path no-such-folder does not exist; pass manifest files or folders.');
  });
});
