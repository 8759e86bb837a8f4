import { portRange, type Workload } from '../../../netpol/analyzer';
import type { Flow } from '../../../homelab/docs-gen/flows';
import { renderDot, renderMermaid, stableIds } from '../../../homelab/docs-gen/graph';

function flow(ns: string, name: string, dst: string): Flow {
  const workload: Workload = { namespace: ns, name, kind: 'Deployment', labels: {}, ports: [], source: { file: 'x' } };
  return {
    src: { kind: 'workload', key: `${ns}/${name}[Deployment]`, workload },
    dst: { kind: 'external', key: dst },
    ports: portRange('TCP', 443),
    egress: { kind: 'policies', names: [] },
    ingress: { kind: 'external' },
    atoms: [],
  };
}

/** The lines of `after` that `before` lacks, and those of `before` that `after` lacks, as multisets. */
function lineChanges(before: string, after: string): { added: string[]; removed: string[] } {
  const count = (text: string) => text.split('\n').reduce((m, line) => m.set(line, (m.get(line) ?? 0) + 1), new Map<string, number>());
  const [a, b] = [count(before), count(after)];
  const surplus = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([line, n]) => Array(Math.max(0, n - (y.get(line) ?? 0))).fill(line));
  return { added: surplus(b, a), removed: surplus(a, b) };
}

describe('stableIds', () => {
  it('prefixes each name and turns every character outside [A-Za-z0-9] into _', () => {
    expect([...stableIds(['default/grafana[Deployment]', '0.0.0.0/0 except 10.0.0.0/8'], 'n_')]).toEqual([
      ['default/grafana[Deployment]', 'n_default_grafana_Deployment'],
      ['0.0.0.0/0 except 10.0.0.0/8', 'n_0_0_0_0_0_except_10_0_0_0_8'],
    ]);
  });

  it('does not depend on the other names', () => {
    const alone = stableIds(['b/web[Deployment]'], 'w_').get('b/web[Deployment]');
    expect(stableIds(['a/x[Pod]', 'b/web[Deployment]', 'c/y[Pod]'], 'w_').get('b/web[Deployment]')).toBe(alone);
  });

  it('keeps names that sanitize alike apart with a suffix from their own name', () => {
    const ids = stableIds(['a-b/c[Pod]', 'a/b-c[Pod]', 'a/b.c[Pod]', 'other[Pod]'], 'w_');
    expect(new Set(ids.values()).size).toBe(4);
    expect(ids.get('other[Pod]')).toBe('w_other_Pod');
    for (const name of ['a-b/c[Pod]', 'a/b-c[Pod]', 'a/b.c[Pod]']) expect(ids.get(name)).toMatch(/^w_a_b_c_Pod_[0-9a-f]{8}$/);
    // The suffix is the name's own: with one of the three gone, the other two keep their ids
    const fewer = stableIds(['a-b/c[Pod]', 'a/b-c[Pod]'], 'w_');
    expect(fewer.get('a-b/c[Pod]')).toBe(ids.get('a-b/c[Pod]'));
  });
});

describe('diagram churn', () => {
  // GIVEN diagrams of two namespaces, and of the same plus a namespace whose name sorts between them
  const before = [flow('alpha', 'web', '10.0.0.0/8'), flow('zulu', 'api', '192.168.1.0/24')];
  const after = [...before, flow('mid', 'db', '10.0.0.0/8'), flow('mid', 'cache', '172.16.0.0/12')];

  it.each([
    ['Graphviz', (flows: Flow[]) => renderDot(flows, ['alpha', 'mid', 'zulu'], 'Header')],
    ['Mermaid', (flows: Flow[]) => renderMermaid(flows, ['alpha', 'mid', 'zulu'])],
  ])('%s: adding a namespace only adds the lines about it', (_name, render) => {
    const { added, removed } = lineChanges(render(before.slice().sort(byKey)), render(after.slice().sort(byKey)));
    expect(removed).toEqual([]);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((line) => /mid|172_16_0_0_12|172\.16\.0\.0\/12|^\s*(}|end)$/.test(line))).toBe(true);
  });
});

function byKey(a: Flow, b: Flow): number {
  const x = `${a.src.key} ${a.dst.key}`;
  const y = `${b.src.key} ${b.dst.key}`;
  return x < y ? -1 : x > y ? 1 : 0;
}
