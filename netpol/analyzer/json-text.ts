import type { PathSegment } from './raw';

/**
 * JSON input read with `JSON.parse` (tens of times faster than the YAML parser on `kubectl get -o
 * json` output). Its keys are counted in the text, jumping from quote to quote (a duplicate key,
 * which JSON.parse would let pass, shows as a difference); the positions that messages, `explain` and
 * `lint` need are found only when asked for, each container read child by child only as far as the
 * child wanted, so a listing reads no position at all.
 */

/**
 * The parsed value and its positions, or undefined when JSON.parse does not read the text exactly as
 * the YAML parser would. `deepest`: the path to a value nested deeper than `maxDepth`, if there is one.
 */
export function parseJson(text: string, maxDepth = Infinity): { value: unknown; positions: JsonText; deepest?: PathSegment[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const positions = new JsonText(text);
  // JSON.parse keeps the last of duplicate keys; the YAML parser (and kubectl) refuse them, so such a
  // text goes the YAML way, which reports the duplicate with its line.
  const keys = typeof value === 'object' && value !== null ? countKeys(value, 0, maxDepth) : 0;
  // Too deep to read: the caller refuses it (the count stopped there, so it cannot be compared).
  if (keys < 0) return { value, positions, deepest: measure(value, maxDepth).deepest };
  if (keys !== countTextKeys(text)) return undefined;
  return { value, positions };
}

/**
 * The number of object keys in a value JSON.parse made (a tree: nothing in it is reached twice), or
 * -1 when a container is nested deeper than `maxDepth`. Recursive, but never deeper than `maxDepth`
 * levels; `measure` finds the path then. A tenth of measure's time on a 33 MB cluster.
 */
function countKeys(value: object, depth: number, maxDepth: number): number {
  if (depth > maxDepth) return -1;
  let keys = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (typeof child !== 'object' || child === null) continue;
      const inner = countKeys(child, depth + 1, maxDepth);
      if (inner < 0) return -1;
      keys += inner;
    }
    return keys;
  }
  for (const key in value) {
    keys++;
    const child: unknown = (value as Record<string, unknown>)[key];
    if (typeof child !== 'object' || child === null) continue;
    const inner = countKeys(child, depth + 1, maxDepth);
    if (inner < 0) return -1;
    keys += inner;
  }
  return keys;
}

/**
 * The number of object keys in a value, and the path to its first value nested deeper than
 * `maxDepth` (if any). Iterative, so no nesting can exhaust the stack; objects reached twice (YAML
 * aliases share them) count once.
 */
export function measure(root: unknown, maxDepth: number): { keys: number; deepest?: PathSegment[] } {
  let keys = 0;
  const values: unknown[] = [root];
  const depths: number[] = [0];
  const parents: number[] = [-1];
  const segments: PathSegment[] = [''];
  const seen = new Set<object>();
  // A stack of node indexes into the arrays above (which keep every visited container, for the path).
  const stack: number[] = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const value = values[node];
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    const depth = depths[node];
    if (depth > maxDepth) {
      const path: PathSegment[] = [];
      for (let at = node; at > 0; at = parents[at]) path.push(segments[at]);
      return { keys, deepest: path.reverse() };
    }
    const push = (child: unknown, segment: PathSegment) => {
      if (typeof child !== 'object' || child === null) return;
      values.push(child);
      depths.push(depth + 1);
      parents.push(node);
      segments.push(segment);
      stack.push(values.length - 1);
    };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) push(value[i], i);
    } else {
      for (const key in value) {
        keys++;
        push((value as Record<string, unknown>)[key], key);
      }
    }
  }
  return { keys };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Strings followed by a colon: the object keys of valid JSON text. Native jumps from quote to quote. */
function countTextKeys(text: string): number {
  let count = 0;
  for (let quote = text.indexOf('"'); quote >= 0; ) {
    const close = closingQuote(text, quote);
    let next = close + 1;
    let code = text.charCodeAt(next);
    while (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) code = text.charCodeAt(++next);
    if (code === COLON) count++;
    quote = text.indexOf('"', next);
  }
  return count;
}

/** The offset of the closing quote of the string whose opening quote is at `start`. */
function closingQuote(text: string, start: number): number {
  let quote = start;
  for (;;) {
    quote = text.indexOf('"', quote + 1);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return quote;
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

type Children = Map<string, number> | number[];

/** An array being indexed by a tight pass: the items' starts and lines so far, and the pass's state. */
interface ArrayScan {
  readonly items: number[];
  /** The 1-based line of each item's start (JSON strings hold no line breaks, so the pass counts them all). */
  readonly lines: number[];
  position: number;
  line: number;
  depth: number;
  expectItem: boolean;
  done: boolean;
}

/** A container read child by child: the children so far and where the next one starts. */
interface Partial {
  readonly children: Children;
  next: number;
  /** The start of the last child's value, still to be skipped before the next child is read. */
  skip?: number;
  done: boolean;
}

/** Positions in one JSON document's text (which JSON.parse has accepted). */
export class JsonText {
  /** Where the document's value starts. */
  readonly root: number;
  private lineStarts?: number[];
  /** How much text lineAt has counted line breaks in so far. */
  private counted = 0;
  /** Containers, each read as far as asked. */
  private readonly partials = new Map<number, Partial>();
  /** Arrays indexed by a tight pass, as far as asked so far. */
  private readonly arrays = new Map<number, ArrayScan>();

  constructor(private readonly text: string) {
    let i = 0;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    this.root = i;
  }

  /** The offset of the value at `path` below the value at `start`, or of the deepest part of the path that exists. */
  offsetAt(start: number, path: readonly PathSegment[]): number {
    let offset = start;
    for (const segment of path) {
      const next = this.child(offset, segment);
      if (next === undefined) break;
      offset = next;
    }
    return offset;
  }

  /**
   * The 1-based line of an offset: the line breaks are counted from the nearest item start an array
   * pass has noted (explain asks for a few lines deep into a 33 MB file), until counting has covered
   * as much text as the file holds; then every line's start is noted once (lint asks for many).
   */
  lineAt(offset: number): number {
    if (this.lineStarts === undefined && this.counted < this.text.length) {
      let from = 0;
      let line = 1;
      for (const scan of this.arrays.values()) {
        const items = scan.items;
        if (items.length === 0 || items[0] > offset) continue;
        let low = 0;
        let high = items.length - 1;
        while (low < high) {
          const middle = (low + high + 1) >> 1;
          if (items[middle] <= offset) low = middle;
          else high = middle - 1;
        }
        if (items[low] > from) {
          from = items[low];
          line = scan.lines[low];
        }
      }
      this.counted += offset - from;
      const text = this.text;
      for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
      return line;
    }
    if (this.lineStarts === undefined) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  /**
   * The offset of one child of the container at `offset`, or undefined. A container is read child by
   * child, only as far as the one asked for, and carries on from there the next time.
   */
  private child(offset: number, segment: PathSegment): number | undefined {
    const indexed = this.arrays.get(offset);
    if (indexed !== undefined) return typeof segment === 'number' ? this.indexArray(indexed, segment) : undefined;
    const code = this.text.charCodeAt(offset);
    if (code !== OPEN_BRACE && code !== OPEN_BRACKET) return undefined;
    // Past the first item of an array (a List's items), a tight pass notes the items' starts, as far as asked.
    const readSoFar = (this.partials.get(offset)?.children as number[] | undefined)?.length ?? 0;
    if (code === OPEN_BRACKET && typeof segment === 'number' && segment > 0 && segment >= readSoFar) {
      const scan: ArrayScan = { items: [], lines: [], position: offset + 1, line: this.lineAt(offset), depth: 0, expectItem: true, done: false };
      this.arrays.set(offset, scan);
      return this.indexArray(scan, segment);
    }
    let partial = this.partials.get(offset);
    if (partial === undefined) {
      partial = { children: code === OPEN_BRACE ? new Map() : [], next: this.skipSpace(offset + 1), done: false };
      this.partials.set(offset, partial);
    }
    const found = () => (partial!.children instanceof Map ? (typeof segment === 'string' ? partial!.children.get(segment) : undefined) : typeof segment === 'number' ? partial!.children[segment] : undefined);
    while (found() === undefined && !partial.done) this.readChild(partial, code === OPEN_BRACE);
    return found();
  }

  /** Reads the next child of a partly read container: its key (for an object) and where its value starts. */
  private readChild(partial: Partial, object: boolean): void {
    const text = this.text;
    // The last child's value is skipped only now that the one after it is wanted (it can be most of the text).
    if (partial.skip !== undefined) {
      let after = this.skipSpace(this.skipValue(partial.skip));
      if (text.charCodeAt(after) === COMMA) after = this.skipSpace(after + 1);
      partial.next = after;
      partial.skip = undefined;
    }
    let i = partial.next;
    const close = text.charCodeAt(i);
    if (close === CLOSE_BRACE || close === CLOSE_BRACKET || i >= text.length) {
      partial.done = true;
      return;
    }
    if (object) {
      const end = closingQuote(text, i);
      const raw = text.slice(i + 1, end);
      const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
      i = this.skipSpace(this.skipSpace(end + 1) + 1);
      const keys = partial.children as Map<string, number>;
      if (!keys.has(key)) keys.set(key, i);
    } else {
      (partial.children as number[]).push(i);
    }
    partial.skip = i;
  }

  /**
   * The start of item `wanted` of a scanned array, scanning on as far as needed: whitespace first (it is
   * most of pretty JSON, runs of spaces in a tight loop), strings from quote to quote.
   */
  private indexArray(scan: ArrayScan, wanted: number): number | undefined {
    const text = this.text;
    const length = text.length;
    const { items, lines } = scan;
    let { position: i, line, depth, expectItem } = scan;
    while (!scan.done && items.length <= wanted && i < length) {
      let code = text.charCodeAt(i);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) {
        if (code === 0x0a) line++;
        while ((code = text.charCodeAt(++i)) === 0x20);
        continue;
      }
      if (depth === 0 && expectItem) {
        if (code === CLOSE_BRACKET) {
          scan.done = true;
          break;
        }
        items.push(i);
        lines.push(line);
        expectItem = false;
      }
      if (code === QUOTE) i = closingQuote(text, i);
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (depth === 0) {
          scan.done = true;
          break;
        }
        depth--;
      } else if (code === COMMA && depth === 0) expectItem = true;
      i++;
    }
    scan.position = i;
    scan.line = line;
    scan.depth = depth;
    scan.expectItem = expectItem;
    return items[wanted];
  }

  private skipSpace(i: number): number {
    const text = this.text;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    return i;
  }

  /** The offset after the value that starts at `i`. */
  private skipValue(i: number): number {
    const text = this.text;
    const first = text.charCodeAt(i);
    if (first === QUOTE) return closingQuote(text, i) + 1;
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      while (i < text.length) {
        const code = text.charCodeAt(i);
        if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code)) break;
        i++;
      }
      return i;
    }
    let depth = 0;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) i = closingQuote(text, i);
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    return i;
  }
}
