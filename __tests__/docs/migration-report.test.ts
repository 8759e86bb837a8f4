import { NO_CONNS, NO_PORTS, formatConnSet, fromPortSet, portRange, union } from '../../netpol/analyzer';
import type { ConnectionDiff } from '../../netpol/analyzer';
import { migrationReport, portSetOf, renderMigration, type ReasonRule } from '../../homelab/docs-gen/migration';
import { deployment, modelOf, namespace } from '../netpol/analyzer/harness';

// Two workloads and an external range, as diff peers.
const model = modelOf([namespace('shop'), namespace('mon'), deployment('shop', 'web', { app: 'web' }), deployment('mon', 'prom', { app: 'prom' })]);
const workload = (name: string) => {
  const found = model.workloads.find((w) => w.name === name)!;
  return { type: 'workload' as const, workload: found, label: `${found.namespace}/${found.name}[Deployment]` };
};
const outside = { type: 'external' as const, interval: { start: 0x0a000000, end: 0x0affffff }, label: '10.0.0.0-10.255.255.255[External]' };
const tcp = (...ports: number[]) => fromPortSet(ports.reduce((set, port) => union(set, portRange('TCP', port)), NO_PORTS));
const diff = (src: ConnectionDiff['src'], dst: ConnectionDiff['dst'], ref1: ReturnType<typeof tcp>, ref2: ReturnType<typeof tcp>): ConnectionDiff => ({
  type: ref2 === NO_CONNS ? 'removed' : ref1 === NO_CONNS ? 'added' : 'changed', src, dst, ref1, ref2, newOrRemovedWorkloads: [],
});

describe('migrationReport', () => {
  const rules: ReasonRule[] = [
    { from: { kind: 'anywhere' }, to: { kind: 'anywhere' }, ports: tcp(15008), reason: 'HBONE', where: 'app' },
    { from: { kind: 'pods', namespace: 'mon' }, to: { kind: 'pods', namespace: 'shop', labels: { app: 'web' } }, reason: 'scrape narrowed', where: 'shop.ts' },
    { from: { kind: 'pods', namespace: 'shop' }, to: { kind: 'addresses', intervals: [{ start: 0x0a000000, end: 0x0affffff }] }, ports: tcp(443), reason: 'LAN', where: 'shop.ts' },
  ];
  const report = migrationReport([
    diff(workload('prom'), workload('web'), tcp(8080, 15008, 9999), tcp(8080)),
    diff(workload('web'), outside, tcp(443, 22), NO_CONNS),
    diff(workload('web'), workload('prom'), NO_CONNS, tcp(9090)),
  ], rules, () => ({ reason: 'allowed by allow-x' }));

  test('splits the removed ports among the first rules that cover them, each with its reason', () => {
    expect(report.removed.map((e) => [e.src, e.dst, formatConnSet(e.ports), e.reason])).toEqual([
      ['mon/prom[Deployment]', 'shop/web[Deployment]', 'TCP 15008', 'HBONE'],
      ['mon/prom[Deployment]', 'shop/web[Deployment]', 'TCP 9999', 'scrape narrowed'],
      ['shop/web[Deployment]', '10.0.0.0-10.255.255.255[External]', 'TCP 443', 'LAN'],
      ['shop/web[Deployment]', '10.0.0.0-10.255.255.255[External]', 'TCP 22', undefined],
    ]);
  });

  test('gives each added part the caller\'s reason', () => {
    expect(report.added.map((e) => [e.src, e.dst, formatConnSet(e.ports), e.reason])).toEqual([
      ['shop/web[Deployment]', 'mon/prom[Deployment]', 'TCP 9090', 'allowed by allow-x'],
    ]);
  });

  test('renders per namespace pair, and flags a removed connection without a reason', () => {
    const markdown = renderMigration(report, 'the old policies');
    expect(markdown).toContain('- Removed: 2 source-destination pairs lose ports (**1 without a reason**).');
    expect(markdown).toContain('### shop → outside the cluster');
    expect(markdown).toContain('| TCP 22 | `shop/web[Deployment] → 10.0.0.0-10.255.255.255[External]` | **no reason stated** |');
    expect(markdown).toContain('| TCP 443 | `shop/web[Deployment] → 10.0.0.0-10.255.255.255[External]` | LAN (shop.ts) |');
    expect(markdown).toContain('## Added\n\n### shop → mon');
  });

  test('portSetOf reads a tightening\'s ports', () => {
    expect(formatConnSet(portSetOf([{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 8000, endPort: 8100 }, { protocol: 'UDP', port: 53 }]))).toBe('TCP 80,8000-8100,UDP 53');
  });
});
