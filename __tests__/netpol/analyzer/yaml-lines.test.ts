import * as fs from 'fs';
import * as path from 'path';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { lineInTree, lineTree, lineTreeChild } from '../../../netpol/analyzer/yaml-lines';
import type { PathSegment } from '../../../netpol/analyzer/raw';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SHARED = path.resolve(ROOT, '..', 'shared');

/** The line of the node at `path`, found with the yaml package's own lookup (get with keepScalar), or of its deepest existing ancestor. */
function oracle(node: Node | null, lineCounter: LineCounter, path: readonly PathSegment[]): number | undefined {
  if (node === null) return undefined;
  let current = node;
  for (const segment of path) {
    const child: unknown = isMap(current) || isSeq(current) ? current.get(segment, true) : undefined;
    if (!child || typeof child !== 'object' || !('range' in child)) break;
    current = child as Node;
  }
  return current.range ? lineCounter.linePos(current.range[0]).line : undefined;
}

/** Every path to a value of `value`, and for each a path one step further that does not exist, and the index as a string. */
function paths(value: unknown, prefix: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(prefix, [...prefix, 'no-such-key'], [...prefix, 7]);
  if (Array.isArray(value)) value.forEach((item, index) => { paths(item, [...prefix, index], out); out.push([...prefix, String(index)]); });
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], out);
  return out;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Compares the lines of (at most `limit` paths of) every document of `text`. */
function expectSameLines(text: string, where: string, limit = Infinity): number {
  const lineCounter = new LineCounter();
  let checked = 0;
  for (const doc of parseAllDocuments(text, { lineCounter, merge: true })) {
    if (doc.errors.length > 0) continue;
    const contents = doc.contents as Node | null;
    const tree = contents === null ? null : lineTree(contents, lineCounter);
    for (const p of paths(doc.toJS()).slice(0, limit)) {
      const [ours, theirs] = [lineInTree(tree, p), oracle(contents, lineCounter, p)];
      if (ours !== theirs) throw new Error(`${where}: ${JSON.stringify(p)} is on line ${theirs} for the yaml package, ${ours} in the line tree`);
      checked++;
    }
  }
  return checked;
}

describe('line trees', () => {
  it('give every path of dist/, the inventory and the fixtures the line the yaml package gives it', () => {
    const files = [...yamlFiles(path.join(ROOT, 'dist')), ...yamlFiles(path.join(ROOT, 'inventory')), ...yamlFiles(path.join(ROOT, '__tests__'))];
    let checked = 0;
    for (const file of files) checked += expectSameLines(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file));
    expect(files.length).toBeGreaterThan(300);
    expect(checked).toBeGreaterThan(10_000);
  });

  it.each([
    ['anchors, aliases and merge keys', 'base: &b {a: 1}\nuse: *b\nmerged:\n  <<: *b\n  c: 2\n'],
    ['non-string and complex keys', '1: one\ntrue: yes\n? [x, y]\n: z\nnull: n\n"2": two\n'],
    ['empty values and flow collections', 'a:\nb: []\nc: {}\nd: [1, {e: f}, [g]]\ne: |\n  text\n  more\n'],
    ['a flow pair in a sequence', 's: [a: 1, b]\n'],
    ['a bare scalar document and an empty one', 'just text\n---\n---\nk: v\n'],
    ['comments and blank lines between', '# head\n\nk:   # note\n\n  - x\n\n  # between\n  - y\n'],
  ])('do so for %s', (_name, text) => {
    expect(expectSameLines(text, 'text')).toBeGreaterThan(0);
  });

  it('finds a sequence item by a numeric string, as YAMLSeq.get does, and a mapping key only by its own type', () => {
    const lineCounter = new LineCounter();
    const [doc] = parseAllDocuments('list:\n  - a\n  - b\nmap:\n  k: v\n  1: x\n  "2": y\n', { lineCounter });
    const tree = lineTree(doc.contents as Node, lineCounter);
    // The sequence's own node starts at its first item (line 2), the mapping's at its first key (line 5).
    expect([lineInTree(tree, ['list', '1']), lineInTree(tree, ['list', 1]), lineInTree(tree, ['list', -1]), lineInTree(tree, ['list', 'x'])]).toEqual([3, 3, 2, 2]);
    expect([lineInTree(tree, ['map', 1]), lineInTree(tree, ['map', '1']), lineInTree(tree, ['map', '2'])]).toEqual([6, 5, 7]);
    expect(lineTreeChild(tree, 'nothing')).toBeUndefined();
  });

  it('is plain data: the same after a JSON round trip', () => {
    const lineCounter = new LineCounter();
    const [doc] = parseAllDocuments('a:\n  b: [1, 2]\n  c:\n', { lineCounter });
    const tree = lineTree(doc.contents as Node, lineCounter);
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
  });

  it('reaches the deepest nesting the yaml package parses (about 800 levels) without recursing', () => {
    const depth = 700;
    const text = `${'['.repeat(depth)}x${']'.repeat(depth)}\n`;
    const lineCounter = new LineCounter();
    const [doc] = parseAllDocuments(text, { lineCounter });
    expect(doc.errors).toEqual([]);
    const tree = lineTree(doc.contents as Node, lineCounter);
    expect(lineInTree(tree, new Array(depth).fill(0))).toBe(1);
  });
});

const sharedFolders = ['conformance', 'homelab'].map((name) => path.join(SHARED, name));
const haveShared = fs.existsSync(SHARED);
(haveShared ? describe : describe.skip)(haveShared ? 'line trees of the peer suites and the owner\'s policies'
  : `line trees of the peer suites and the owner's policies: ${SHARED} not found (CI has ../shared)`, () => {
  it('give their paths the line the yaml package gives them', () => {
    // Every third file up to 40 KB, the first 100 paths of each document: all of it would take seconds,
    // and the odd shapes have their own cases.
    const files = sharedFolders.flatMap((dir) => yamlFiles(dir).sort()).filter((file) => fs.statSync(file).size <= 40_000).filter((_, index) => index % 3 === 0);
    for (const file of files) expectSameLines(fs.readFileSync(file, 'utf8'), path.relative(SHARED, file), 100);
    expect(files.length).toBeGreaterThan(50);
  });
});
