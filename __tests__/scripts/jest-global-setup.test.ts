import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nativeRequire } from './harness';

type Synth = { charts: Record<string, unknown[]> } | { error: string };
const { sharedSynth, CACHE_ENTRIES } = nativeRequire('./scripts/jest-global-setup.js') as {
  sharedSynth(options: { root: string; cache: string; build: () => Synth }): { file: string; scratch?: string };
  CACHE_ENTRIES: number;
};

describe('the shared synth of jest\'s global setup', () => {
  let root: string;
  let cache: string;
  let builds: number;
  const build = (synth: Synth = { charts: { loki: [{ kind: 'NetworkPolicy' }] } }) => () => {
    builds++;
    return synth;
  };
  const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf-8')) as Synth;

  beforeEach(() => {
    // GIVEN an app's sources and an empty cache
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-synth-'));
    cache = path.join(root, 'node_modules', '.cache', 'netpol-test-synth');
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}');
    fs.writeFileSync(path.join(root, 'main.ts'), 'export const a = 1;');
    builds = 0;
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('builds once and reads the kept synth while the sources stay as they are', () => {
    const first = sharedSynth({ root, cache, build: build() });
    const second = sharedSynth({ root, cache, build: build() });
    expect(builds).toBe(1);
    expect(second).toEqual(first);
    expect(first.scratch).toBeUndefined();
    expect(path.dirname(first.file)).toBe(cache);
    expect(read(second.file)).toEqual({ charts: { loki: [{ kind: 'NetworkPolicy' }] } });
  });

  test('builds again once a source changed', () => {
    const first = sharedSynth({ root, cache, build: build() });
    fs.appendFileSync(path.join(root, 'main.ts'), '\nexport const b = 2;');
    const second = sharedSynth({ root, cache, build: build({ charts: { loki: [] } }) });
    expect(builds).toBe(2);
    expect(second.file).not.toBe(first.file);
    expect(read(second.file)).toEqual({ charts: { loki: [] } });
  });

  test('does not keep a build that failed: it goes to a scratch folder, and the next run builds again', () => {
    const failed = sharedSynth({ root, cache, build: build({ error: 'Namespace loki is composed twice' }) });
    expect(failed.scratch).toBeDefined();
    expect(read(failed.file)).toEqual({ error: 'Namespace loki is composed twice' });
    sharedSynth({ root, cache, build: build() });
    expect(builds).toBe(2);
    fs.rmSync(failed.scratch!, { recursive: true });
  });

  test('does not keep a build during which a source changed', () => {
    const during = () => {
      builds++;
      fs.appendFileSync(path.join(root, 'main.ts'), '\nexport const late = 1;');
      return { charts: {} };
    };
    const result = sharedSynth({ root, cache, build: during });
    expect(result.scratch).toBeDefined();
    expect(fs.existsSync(cache) ? fs.readdirSync(cache) : []).toEqual([]);
    fs.rmSync(result.scratch!, { recursive: true });
  });

  test('keeps a synth that is read again over synths written after it', () => {
    // GIVEN as many kept synths as the cache holds, the one of the sources as they are now written first
    const files: string[] = [];
    for (let state = 0; state < CACHE_ENTRIES; state++) {
      fs.writeFileSync(path.join(root, 'main.ts'), `export const a = ${state};`);
      files.push(sharedSynth({ root, cache, build: build() }).file);
    }
    const current = files[files.length - 1];
    const order = [current, ...files.slice(0, -1)];
    order.forEach((file, hour) => {
      const written = new Date(Date.UTC(2020, 0, 1, hour));
      fs.utimesSync(file, written, written);
    });
    // WHEN it is read again, then the sources change and are built
    expect(sharedSynth({ root, cache, build: build() }).file).toBe(current);
    fs.writeFileSync(path.join(root, 'main.ts'), 'export const a = 99;');
    const newest = sharedSynth({ root, cache, build: build() }).file;
    // THEN the least recently used one went (written second), not the one read again
    expect(builds).toBe(CACHE_ENTRIES + 1);
    expect(fs.readdirSync(cache).map((name) => path.join(cache, name)).sort()).toEqual([current, ...order.slice(2), newest].sort());
  });

  test(`keeps the newest ${CACHE_ENTRIES} synths only, the one just built among them`, () => {
    const files: string[] = [];
    for (let state = 0; state <= CACHE_ENTRIES; state++) {
      fs.writeFileSync(path.join(root, 'main.ts'), `export const a = ${state};`);
      files.push(sharedSynth({ root, cache, build: build() }).file);
    }
    const kept = fs.readdirSync(cache).map((name) => path.join(cache, name));
    expect(kept).toHaveLength(CACHE_ENTRIES);
    expect(kept).toContain(files[files.length - 1]);
  });
});
