import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests, type Model } from '../../../netpol/analyzer';
import { diskYamlCache } from '../../../netpol/cli/yaml-cache';

const policy = (port: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ops}\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: ${port}\n`;
const view = (model: Model) => ({
  policies: model.policies.map((p) => ({ ...p, source: `${p.source.file}:${p.source.line}` })),
  warnings: model.warnings.map((w) => `${w.source?.file}:${w.source?.line}: ${w.message}`),
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-yaml-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const entries = () => fs.readdirSync(dir).filter((name) => name.endsWith('.json'));

describe('the disk cache of parsed YAML', () => {
  it('keeps a parsed text, and a later process reads the same model from it, lines and warnings included', () => {
    const text = policy('010');
    const cache = diskYamlCache(dir)!;
    expect(cache.get(text)).toBeUndefined();
    const parsed = loadManifests([{ path: 'a.yaml', text }], { yamlCache: cache });
    expect(entries()).toHaveLength(1);
    const stored = cache.get(text)!;
    expect(stored).toHaveLength(1);
    expect(stored[0].reread).toEqual([{ text: '010', value: 8, was: 10, line: 8 }]);
    // A later process has no memory of the text: the entry is all it has. Read as such, with another path:
    const fresh = jest.requireActual<typeof import('../../../netpol/analyzer')>('../../../netpol/analyzer');
    jest.isolateModules(() => {
      const isolated = require('../../../netpol/analyzer') as typeof import('../../../netpol/analyzer');
      expect(isolated).not.toBe(fresh);
      const again = isolated.loadManifests([{ path: 'a.yaml', text }], { yamlCache: { get: cache.get, set: () => { throw new Error('parsed again'); } } });
      expect(view(again)).toEqual(view(parsed));
      expect(view(again).warnings).toEqual([expect.stringMatching(/^a\.yaml:8: The plain value 010 is read as the number 8/)]);
    });
  });

  it('keeps one entry per distinct text', () => {
    const cache = diskYamlCache(dir)!;
    for (const port of ['80', '443', '80']) loadManifests([{ path: `${port}.yaml`, text: policy(port) + `# ${dir}\n` }], { yamlCache: cache });
    expect(entries()).toHaveLength(2);
  });

  it('takes a damaged entry for a miss, and writes it again', () => {
    const text = policy('80') + '# damaged\n';
    const cache = diskYamlCache(dir)!;
    cache.set(text, [{ value: { a: 1 }, lines: [1], reread: [] }]);
    const [entry] = entries();
    fs.writeFileSync(path.join(dir, entry), '{"value": [');
    expect(cache.get(text)).toBeUndefined();
    fs.writeFileSync(path.join(dir, entry), '[{"lines": 5}]');
    expect(cache.get(text)).toBeUndefined();
    cache.set(text, [{ value: { a: 1 }, lines: [1], reread: [] }]);
    expect(cache.get(text)).toEqual([{ value: { a: 1 }, lines: [1], reread: [] }]);
  });

  it.each([
    ['an infinite number', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\ndata: {x: .inf}\n'],
    ['a minus zero', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\ndata: {x: -0.0}\n'],
  ])('does not keep documents JSON cannot write exactly (%s)', (_name, text) => {
    const cache = diskYamlCache(dir)!;
    loadManifests([{ path: 'c.yaml', text }], { yamlCache: cache });
    expect(entries()).toEqual([]);
  });

  it('does not keep a text that fails, whose error names the path', () => {
    const cache = diskYamlCache(dir)!;
    expect(() => loadManifests([{ path: 'bad.yaml', text: policy('70000') }], { yamlCache: cache })).toThrow(/^bad\.yaml:8:/);
    expect(() => loadManifests([{ path: 'bad.yaml', text: 'a: [\n' }], { yamlCache: cache })).toThrow(/^bad\.yaml:\d+: The file is not valid YAML/);
    expect(entries().length).toBeLessThanOrEqual(1);
    expect(() => loadManifests([{ path: 'other.yaml', text: policy('70000') }], { yamlCache: cache })).toThrow(/^other\.yaml:8:/);
  });

  it('runs uncached where the folder cannot be written', () => {
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, '');
    const cache = diskYamlCache(path.join(file, 'cache'))!;
    expect(() => cache.set('x: 1\n', [{ value: { x: 1 }, lines: [1, 0, [['x', [1]]]], reread: [] }])).not.toThrow();
    expect(cache.get('x: 1\n')).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual(['not-a-folder']);
  });

  it('is off with NETPOL_YAML_CACHE=0', () => {
    const before = process.env.NETPOL_YAML_CACHE;
    process.env.NETPOL_YAML_CACHE = '0';
    try {
      expect(diskYamlCache(dir)).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.NETPOL_YAML_CACHE;
      else process.env.NETPOL_YAML_CACHE = before;
    }
  });
});

describe('the disk cache\'s size', () => {
  it('is kept: a process whose first write finds more than the limit removes the oldest entries down to half of it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-yaml-cache-prune-'));
    try {
      for (let i = 0; i < 12; i++) {
        const file = path.join(dir, `${String(i).padStart(2, '0')}.json`);
        fs.writeFileSync(file, '[]');
        fs.utimesSync(file, 1_000_000 + i, 1_000_000 + i);
      }
      const cache = diskYamlCache(dir, 10)!;
      cache.set('a: 1\n', [{ value: { a: 1 }, lines: [1, 0, [['a', [1]]]], reread: [] }]);
      const left = fs.readdirSync(dir).sort();
      expect(left).toHaveLength(6);
      expect(left.slice(0, 5)).toEqual(['07.json', '08.json', '09.json', '10.json', '11.json']);
      expect(cache.get('a: 1\n')).toEqual([{ value: { a: 1 }, lines: [1, 0, [['a', [1]]]], reread: [] }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
