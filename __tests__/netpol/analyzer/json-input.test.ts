import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AnalyzerError, explain, formatExplanation, loadManifests, type Model } from '../../../netpol/analyzer';
import { JsonText, parseJson } from '../../../netpol/analyzer/json-text';
import { lintModel } from '../../../netpol/lint';
import { diskYamlCache } from '../../../netpol/cli/yaml-cache';

/**
 * JSON input (what `kubectl get -o json` writes) is read with JSON.parse and its lines are found only
 * when something asks for them. It must read exactly as the YAML parser reads the same text: the same
 * model, the same lines in every location, the same messages.
 */
const ROOT = path.resolve(__dirname, '../../..');
// Parsed YAML kept on disk between test files and runs (netpol/cli/yaml-cache.ts), as the CLI does.
const yamlCache = diskYamlCache();

/** The same text read the YAML way: a trailing comment keeps JSON.parse from reading it, so the loader falls back. */
const viaYaml = (text: string) => `${text}\n# read by the YAML parser\n`;

function errorOf(text: string): string | undefined {
  try {
    loadManifests([{ path: 'cluster.json', text }]);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AnalyzerError);
    return (error as Error).message;
  }
}

/** dist/ and the inventory (or their first `limit` objects) as one kubectl List, pretty-printed (so objects span many lines). */
let clusterItems: unknown[] | undefined;
function clusterJson(indent: number, limit = Infinity): string {
  clusterItems ??= readCluster();
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: clusterItems.slice(-limit), metadata: { resourceVersion: '' } }, null, indent);
}

function readCluster(): unknown[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) files.push(full);
    }
  };
  walk(path.join(ROOT, 'dist'));
  files.push(path.join(ROOT, 'inventory', 'workloads.yaml'));
  // Each file's documents as the analyzer's YAML cache holds them where it has the file (the
  // analyzer's reading: go-yaml's for YAML 1.1 scalars such as 010 or yes, merge keys resolved), the
  // yaml package's toJS otherwise. For dist/ and the inventory, which quote such scalars and use no
  // merge keys, the two are the same; either way the tests below compare a JSON text with the same
  // text read the YAML way. Parsing all of dist/ again was half of this file's CPU.
  const read = (text: string) => yamlCache?.get(text)?.map((doc) => doc.value) ?? parseAllDocuments(text).map((doc) => doc.toJS() as unknown);
  return files.flatMap((file) => read(fs.readFileSync(file, 'utf8'))).filter((item) => item !== null && typeof item === 'object' && 'kind' in (item as object));
}

describe('JSON input', () => {
  // The whole of dist/ and the inventory the JSON way; the last 400 objects (the inventory and the
  // policies before it) the YAML way too, which is slow on this much JSON.
  const whole = loadManifests([{ path: 'cluster.json', text: clusterJson(4) }]);
  const text = clusterJson(4, 400);
  const fast: Model = loadManifests([{ path: 'cluster.json', text }]);
  const slow: Model = loadManifests([{ path: 'cluster.json', text: viaYaml(text) }]);

  it('reads dist/ and the inventory as the YAML parser does, every line included', () => {
    expect(whole.policies.length).toBeGreaterThan(200);
    expect(whole.calico!.policies.length).toBeGreaterThan(0);
    expect(whole.policies[200].source.line).toBeGreaterThan(1000);
    expect(fast.policies.length).toBeGreaterThan(50);
    expect(fast).toEqual(slow);
  });

  it('gives lint and explain the same lines', () => {
    expect(lintModel(fast).length).toBeGreaterThan(0);
    expect(lintModel(fast)).toEqual(lintModel(slow));
    const query = { from: 'default/test-pod', to: 'localstack/localstack', port: 4566 };
    expect(formatExplanation(explain(fast, query))).toBe(formatExplanation(explain(slow, query)));
    expect(formatExplanation(explain(fast, query))).toMatch(/[(, ]cluster\.json:\d+\)/);
  });

  it.each([
    ['a bad port, deep in an object', (t: string) => t.replace('"port": 4566', '"port": 70000')],
    ['a bad CIDR', (t: string) => t.replace(/"cidr": "(\d+\.\d+\.\d+\.\d+)\/32"/, '"cidr": "$1/33"')],
    ['an unknown protocol', (t: string) => t.replace('"protocol": "UDP"', '"protocol": "udp"')],
  ])('refuses %s with the same file, line and message as the YAML path', (_name, edit) => {
    // The inventory's end and the policies before it: enough to hold each mistake, quick to read the YAML way.
    const small = clusterJson(2, 150);
    const broken = edit(small);
    expect(broken).not.toBe(small);
    const message = errorOf(broken);
    expect(message).toMatch(/^cluster\.json:\d+: /);
    expect(message).toBe(errorOf(viaYaml(broken)));
  });

  it('refuses duplicate keys, which JSON.parse would let pass, as the YAML parser does', () => {
    const duplicate = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "a", "name": "b"}\n}\n';
    expect(parseJson(duplicate)).toBeUndefined();
    expect(errorOf(duplicate)).toMatch(/^cluster\.json:4: The file is not valid JSON\/YAML: Map keys must be unique/);
  });

  it('refuses a bare array of objects with the line of the first one', () => {
    expect(errorOf('[\n  1,\n  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}\n]\n')).toMatch(/^cluster\.json:3: The document is a list of Kubernetes objects/);
  });

  it('names the line of a warning found in JSON (an invalid name)', () => {
    const pod = '{"apiVersion": "v1", "kind": "List", "items": [\n {"apiVersion": "v1", "kind": "Pod",\n  "metadata": {\n   "name": "Web_1"}}]}';
    expect(loadManifests([{ path: 'p.json', text: pod }]).warnings.map((w) => w.source?.line)).toEqual([4]);
  });
});

describe('JsonText', () => {
  // Strings with quotes, backslashes and braces must not throw the scanner off.
  const text = '{\n "a\\"b": {"x": "}{][\\\\", "y": [1, {"z": true}]},\n "c": [\n  "\\u0041",\n  {"d": null}\n ]\n}';
  const positions = new JsonText(text);
  const lineOf = (...path: (string | number)[]) => positions.lineAt(positions.offsetAt(positions.root, path));

  it('finds values by path, keys with escapes included', () => {
    expect(JSON.parse(text)['a"b'].x).toBe('}{][\\');
    expect([lineOf(), lineOf('a"b'), lineOf('a"b', 'y', 1, 'z'), lineOf('c'), lineOf('c', 0), lineOf('c', 1, 'd')]).toEqual([1, 2, 2, 3, 4, 5]);
  });

  it('finds elements after empty containers and in arrays of arrays', () => {
    const nested = new JsonText('[\n [],\n {},\n [\n  [],\n  7\n ]\n]');
    const at = (...p: number[]) => nested.lineAt(nested.offsetAt(nested.root, p));
    expect([at(0), at(1), at(2), at(2, 0), at(2, 1), at(3)]).toEqual([2, 3, 4, 5, 6, 1]);
  });

  it('stops at the deepest part of a path that exists', () => {
    expect([lineOf('c', 1, 'nope'), lineOf('c', 7), lineOf('missing', 'x')]).toEqual([5, 3, 1]);
  });

  it('finds items and their lines from either end of a List (from the end in the bytes or the UTF-16 units) as a forward reading does, in any order of asking', () => {
    // ASCII text, and text with characters outside it (one whose low byte is a quote, U+0122, and one a bracket, U+015D).
    const itemsOf = (text: string) => Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? { a: [i, { b: 'x\\"\n]' }], c: {}, '"d': 'e\\' } : i % 3 === 1 ? [[], '[{,', i, -1.5e3] : i % 2 === 0 ? text : null));
    const samples: [string, unknown][] = ['line', 'lïne Ģ ŝ 😀'].flatMap((text): [string, unknown][] => {
      const items = itemsOf(text);
      const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '', more: [1, '}'] } };
      return [
        [`${JSON.stringify(list, null, 4)}\n`, list],
        [JSON.stringify({ items }), { items }],
        [`{"items": [\n\n${items.map((item) => JSON.stringify(item, null, 1)).join(' ,\n\r\n  ')}] ,\n "z" : [ "]" ] , "y":{"}":0}\n}\n\n`, { items, z: [']'], y: { '}': 0 } }],
        [`${JSON.stringify({ '7': 1, items, after: 2 }, null, 2)}`, { '7': 1, items, after: 2 }],
        [JSON.stringify(items, null, 2), items],
      ];
    });
    const orders: (string | number)[][][] = [
      [['items', 39], ['items', 21, 'a', 1, 'b'], ['items', 5], ['items', 0], ['items', 30, 'c'], ['items', 37, 2], ['kind'], ['items', 22, 0], ['items', 38], ['items', 1]],
      [['items', 1], ['items', 20], ['items', 19], ['items', 36, '"d'], ['items', 12, 'a'], ['items', 39], ['items', 40], ['metadata', 'more', 1]],
    ];
    for (const [sample, value] of samples) {
      const naive = (offset: number) => sample.slice(0, offset).split('\n').length;
      for (const order of orders) {
        const paths = Array.isArray(value) ? order.map((path) => path.slice(1)).filter((path) => path.length > 0) : order;
        const plain = new JsonText(sample);
        // The parsed value alone (read from either end in the UTF-16 units), and with the bytes where
        // each is a character (ASCII text: read from either end in the bytes).
        const bytes = Buffer.from(sample, 'utf-8');
        const informed = [new JsonText(sample, value), ...(bytes.length === sample.length ? [new JsonText(sample, value, bytes)] : [])];
        for (const path of paths) {
          const offset = plain.offsetAt(plain.root, path);
          for (const positions of informed) {
            expect(positions.offsetAt(positions.root, path)).toBe(offset);
            expect(positions.lineAt(offset)).toBe(naive(offset));
          }
        }
      }
    }
  });

  it('refuses bytes that are not one per character of the text', () => {
    expect(() => new JsonText('{"a": "é"}', { a: 'é' }, Buffer.from('{"a": "é"}', 'utf-8'))).toThrow('JsonText: the bytes given are not one per character of the text');
  });

  it('reads only what JSON.parse reads as the YAML parser would: not duplicates, not invalid JSON', () => {
    expect(parseJson('{"a": 1, "b": {"a": 2}}')?.value).toEqual({ a: 1, b: { a: 2 } });
    expect(parseJson('{"a": 1, "a": 1}')).toBeUndefined();
    expect(parseJson('{"a": 1,}')).toBeUndefined();
    expect(parseJson('{"a": "x:y", "b": ["c:"], "d": {"e": {"f": ":", "g": [[], {}, ""]}}}')?.value).toEqual({ a: 'x:y', b: ['c:'], d: { e: { f: ':', g: [[], {}, ''] } } });
    expect(parseJson('[{"a": {"b": 1, "b": 2}}]')).toBeUndefined();
    // Strings that start with a colon, escaped quotes before colons, and whitespace before a key's colon.
    expect(parseJson('{"a": ":x", "b": [":"], "c\\":": "\\":"}')?.value).toEqual({ a: ':x', b: [':'], 'c":': '":' });
    expect(parseJson('{"a": ":x", "a": 1}')).toBeUndefined();
    expect(parseJson('{"a": ":x", "b": {"c": 1, "c": ":"}}')).toBeUndefined();
    expect(parseJson('{"a" : 1, "b"\n: {"c"\t:2}}')?.value).toEqual({ a: 1, b: { c: 2 } });
    expect(parseJson('{"a" : 1, "a" : 2}')).toBeUndefined();
    expect(parseJson('{"a\\\\": 1, "a\\\\": 2}')).toBeUndefined();
  });
});
