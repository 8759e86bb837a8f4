import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { LineCounter, parseAllDocuments, type Node } from 'yaml';
import { loadManifests } from '../../../netpol/analyzer';
import { nodeLocator } from '../../../netpol/analyzer/raw';
import { lineInTree, parseYamlFast } from '../../../netpol/analyzer/yaml-fast';
import { goYamlPlain } from '../../../netpol/analyzer/yaml-scalars';
import { readSources } from '../../../netpol/cli/input';

/**
 * The fast YAML reader (netpol/analyzer/yaml-fast.ts) reads only text the `yaml` package reads alike:
 * the same values (plain scalars the go-yaml way) and the same line for every value. It may give up,
 * never differ.
 */
const ROOT = path.resolve(__dirname, '../../..');

function yamlFiles(...roots: string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    if (fs.statSync(p).isDirectory()) for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry));
    else if (/\.ya?ml$/.test(p)) files.push(p);
  };
  roots.forEach((root) => walk(path.resolve(ROOT, root)));
  return files;
}

/** The yaml package's reading, with plain scalars as go-yaml reads them (what the loader does with it). */
function slowRead(text: string): { values: unknown[]; lineOf: ((p: (string | number)[]) => number | undefined)[] } {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, merge: true });
  const docs = Array.isArray(documents) ? documents : [];
  const kept = docs.filter((doc) => doc.toJS() !== null);
  for (const doc of kept) {
    const visit = (node: unknown): void => {
      const n = node as { type?: string; source?: string; tag?: string; value?: unknown; items?: unknown[]; key?: unknown };
      if (n === null || typeof n !== 'object') return;
      if (n.type === 'PLAIN' && n.tag === undefined && typeof n.source === 'string') n.value = goYamlPlain(n.source);
      if (Array.isArray(n.items)) n.items.forEach((item) => visit(item));
      if ('key' in n) {
        visit(n.key);
        visit(n.value);
      }
    };
    visit(doc.contents);
  }
  return { values: kept.map((doc) => doc.toJS()), lineOf: kept.map((doc) => nodeLocator(doc.contents as Node, lineCounter)) };
}

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const result = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => result.push(...paths(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) result.push(...paths(item, [...prefix, key]));
  return result;
}

describe('the fast YAML reader', () => {
  // The repository's own manifests, and every third file of np-guard's list suite (the diff suite's inputs
  // are mostly copies of those; the big pod lists add time, not cases).
  const conformance = yamlFiles('../shared/conformance/netpol-analyzer').filter((file, i) => i % 3 === 0 && fs.statSync(file).size < 64 * 1024);
  const files = [...yamlFiles('dist', 'inventory', '__tests__/fixtures'), ...conformance];

  it('reads every file of dist/ and the inventory, and most others', () => {
    const read = files.filter((file) => parseYamlFast(fs.readFileSync(file, 'utf8')) !== undefined);
    const repository = files.filter((file) => file.startsWith(path.join(ROOT, 'dist')) || file.startsWith(path.join(ROOT, 'inventory')));
    expect(repository.filter((file) => !read.includes(file))).toEqual([]);
    expect(read.length / files.length).toBeGreaterThan(0.9);
  });

  it('reads what it reads exactly as the yaml package does: values and the line of every value', () => {
    let compared = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const fast = parseYamlFast(text);
      if (fast === undefined) continue;
      const slow = slowRead(text);
      const documents = fast.filter((doc) => doc.value !== null);
      expect([file, documents.map((doc) => doc.value)]).toEqual([file, slow.values]);
      documents.forEach((doc, i) => {
        for (const p of paths(doc.value)) {
          if (lineInTree(doc.lines, p) !== slow.lineOf[i](p)) throw new Error(`${file}: ${JSON.stringify(p)} is on line ${slow.lineOf[i](p)}, the fast reader says ${lineInTree(doc.lines, p)}`);
        }
      });
      compared++;
    }
    expect(compared).toBeGreaterThan(320);
  });

  it('gives the loader the same model, locations and warnings as the yaml package for dist/ and the inventory', () => {
    const sources = readSources(['dist', 'inventory/workloads.yaml'], ROOT);
    // An anchor nobody uses changes no value and no line, and the fast reader leaves such files alone.
    const slow = sources.map((s) => ({ ...s, text: s.text.replace(/^apiVersion: /m, 'apiVersion: &fast-reader-off ') }));
    expect(slow.every((s) => parseYamlFast(s.text) === undefined)).toBe(true);
    expect(loadManifests(sources)).toEqual(loadManifests(slow));
  });

  it.each<[string, string, unknown]>([
    ['a literal block, clipped', 'a: |\n  x\n  y\n\nb: 1\n', { a: 'x\ny\n', b: 1 }],
    ['a literal block, stripped and kept', 'a: |-\n  x\n\nb: |+\n  y\n\n', { a: 'x', b: 'y\n\n' }],
    ['a literal block keeping indentation and blank lines', 'a: |\n  x\n    y\n\n  z\n', { a: 'x\n  y\n\nz\n' }],
    ['one-line flows', 'a: {b: [c, "d", 1], e: {}}\nf: []\n', { a: { b: ['c', 'd', 1], e: {} }, f: [] }],
    ['escapes in double quotes', 'a: "x\\ty\\u00e9\\"\\\\"\n', { a: 'x\ty\u00e9"\\' }],
    ['doubled single quotes', "a: 'it''s'\n", { a: "it's" }],
    ['comments everywhere', '# head\na: 1 # one\n# between\nb:\n  # inside\n  - x # item\n', { a: 1, b: ['x'] }],
    ['a sequence at its key\'s indentation', 'a:\n- x\n- k: 1\n  l: 2\n', { a: ['x', { k: 1, l: 2 }] }],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  c: x\r\n', { a: 1, b: { c: 'x' } }],
    ['YAML 1.1 scalars', 'a: 010\nb: yes\nc: 1_000\nd: "010"\n', { a: 8, b: true, c: 1000, d: '010' }],
  ])('reads %s', (_name, text, value) => {
    expect(parseYamlFast(text)?.map((doc) => doc.value)).toEqual([value]);
    expect(isDeepStrictEqual(slowRead(text).values, [value])).toBe(true);
  });

  it.each([
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['a folded block', 'a: >\n  x\n  y\n'],
    ['a plain scalar over two lines', 'a: x\n  y\n'],
    ['a quoted scalar over two lines', 'a: "x\n  y"\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab as indentation', 'a:\n\tb: 1\n'],
    ['a key that is not a string to kubectl', '010: x\n'],
    ['invalid YAML', 'a: [1, 2\n'],
  ])('gives %s to the yaml package', (_name, text) => {
    expect(parseYamlFast(text)).toBeUndefined();
  });
});
