import type * as Crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ParsedYamlDocument, YamlDocumentCache } from '../analyzer';

/**
 * Parsed YAML texts kept on disk between runs, in node_modules/.cache/netpol-yaml beside the project,
 * one JSON file per distinct text: `netpol list dist/ …` after a change parses only the files that
 * changed (the yaml package takes most of a small run's time: 0.6 s of dist/'s 0.9 s, cold).
 *
 * An entry's name is a hash of the text and of everything that decides what parsing it gives: the
 * format below, the yaml package's version, and the source of the analyzer's reading code. A stale
 * entry therefore cannot be found; old ones are simply never read again. An unreadable or damaged
 * entry is a miss, a folder that cannot be written leaves the run uncached, and entries are written
 * under a unique name and renamed, so a concurrent reader sees a whole file or none. The folder is
 * kept to at most MAX_ENTRIES entries: the first write of a process that finds more removes the
 * oldest written down to half of that. NETPOL_YAML_CACHE=0 turns it off.
 */
const FORMAT = 'netpol-yaml-cache 1';
/** Texts larger than this are not kept: their entries would be several times their size. */
const MAX_TEXT = 4 * 1024 * 1024;
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
/** At most this many entries are kept (about 5 KB each for a dist/ file). */
export const MAX_ENTRIES = 10_000;
/** The modules whose code decides what a parsed text is. */
const READING_CODE = ['load', 'yaml-lines', 'yaml-scalars'];
/** node:crypto, loaded when a YAML text is first looked up: JSON input, which needs no cache, does without it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = (): typeof Crypto => require('crypto') as typeof Crypto;

export function diskYamlCache(directory: string = path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'netpol-yaml'), maxEntries = MAX_ENTRIES): YamlDocumentCache | undefined {
  if (process.env.NETPOL_YAML_CACHE === '0') return undefined;
  let pruned = false;
  // set() follows the get() that missed, for the same text: its entry's name is kept, not hashed again.
  // Undefined when the reading code cannot be found (then nothing is kept, see cacheSalt).
  let last: { text: string; file: string | undefined } | undefined;
  const fileOf = (text: string) => {
    if (last?.text !== text) {
      const salt = cacheSalt();
      last = { text, file: salt === undefined ? undefined : path.join(directory, `${crypto().createHash('sha256').update(salt).update(text).digest('hex')}.json`) };
    }
    return last.file;
  };
  return {
    get(text) {
      if (text.length > MAX_TEXT) return undefined;
      const file = fileOf(text);
      if (file === undefined) return undefined;
      let stored: unknown;
      try {
        stored = JSON.parse(fs.readFileSync(file, 'utf-8'));
      } catch {
        return undefined;
      }
      return isParsedDocuments(stored) ? stored : undefined;
    },
    set(text, documents) {
      if (text.length > MAX_TEXT || !documents.every((doc) => isJsonExact(doc))) return;
      const file = fileOf(text);
      if (file === undefined) return;
      const temporary = `${file}.${process.pid}.${crypto().randomBytes(6).toString('hex')}`;
      try {
        fs.mkdirSync(directory, { recursive: true });
        if (!pruned) {
          pruned = true;
          prune(directory, maxEntries);
        }
        fs.writeFileSync(temporary, JSON.stringify(documents));
        fs.renameSync(temporary, file);
      } catch {
        // A read-only install runs uncached; a half-written temporary file goes.
        try {
          fs.rmSync(temporary, { force: true });
        } catch {
          // There was no folder to write it in.
        }
      }
    },
  };
}

/** Removes the oldest written entries down to half of `maxEntries` when the folder holds more. */
function prune(directory: string, maxEntries: number): void {
  const names = fs.readdirSync(directory).filter((name) => name.endsWith('.json'));
  if (names.length <= maxEntries) return;
  const written = names.map((name) => {
    try {
      return { name, at: fs.statSync(path.join(directory, name)).mtimeMs };
    } catch {
      return { name, at: 0 };
    }
  }).sort((a, b) => a.at - b.at || (a.name < b.name ? -1 : 1));
  for (const { name } of written.slice(0, names.length - Math.floor(maxEntries / 2))) fs.rmSync(path.join(directory, name), { force: true });
}

/**
 * What decides a parse, read when this module loads, so that an entry is named after the code that
 * runs (a source saved while a process runs must not lend its name to the old code's parses); hashed
 * only when a YAML text is first looked up. Null when the reading code cannot be found (a bundled
 * build): no cache rather than one that might be stale.
 */
const READING = ((): string | null => {
  try {
    const parts = [FORMAT, JSON.parse(fs.readFileSync(require.resolve('yaml/package.json'), 'utf-8')).version as string];
    for (const name of READING_CODE) parts.push(fs.readFileSync(require.resolve(`../analyzer/${name}`), 'utf-8'));
    return parts.join('\0');
  } catch {
    return null;
  }
})();

let salt: string | undefined;
function cacheSalt(): string | undefined {
  if (READING === null) return undefined;
  return (salt ??= crypto().createHash('sha256').update(READING).digest('hex'));
}

/** Whether JSON keeps `value` exactly: no cycles, no numbers JSON cannot write (NaN, Infinity, -0), only plain objects and arrays. */
function isJsonExact(root: unknown): boolean {
  const ancestors = new Set<object>();
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
    if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
    if (typeof value !== 'object' || depth > 2000 || ancestors.has(value)) return false;
    const prototype = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return false;
    ancestors.add(value);
    const ok = Array.isArray(value) ? value.every((item) => visit(item, depth + 1)) : Object.keys(value).every((key) => visit((value as Record<string, unknown>)[key], depth + 1));
    ancestors.delete(value);
    return ok;
  };
  return visit(root, 0);
}

function isParsedDocuments(value: unknown): value is ParsedYamlDocument[] {
  return Array.isArray(value) && value.every((doc) => typeof doc === 'object' && doc !== null && 'value' in doc
    && (doc.lines === null || Array.isArray(doc.lines)) && Array.isArray(doc.reread));
}
