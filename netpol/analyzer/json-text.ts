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
 * `bytes`: what the text was decoded from, when each byte is one of its characters (see JsonText).
 */
export function parseJson(text: string, maxDepth = Infinity, bytes?: Uint8Array): { value: unknown; positions: JsonText; deepest?: PathSegment[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const positions = new JsonText(text, value, bytes);
  // JSON.parse keeps the last of duplicate keys; the YAML parser (and kubectl) refuse them, so such a
  // text goes the YAML way, which reports the duplicate with its line.
  const keys = typeof value === 'object' && value !== null ? countKeys(value, 0, maxDepth) : 0;
  // Too deep to read: the caller refuses it (the count stopped there, so it cannot be compared).
  if (keys < 0) return { value, positions, deepest: measure(value, maxDepth).deepest };
  if (countKeySeparators(text) !== keys && countTextKeys(text) !== keys) return undefined;
  return { value, positions };
}

/**
 * A quick upper bound of the keys in valid JSON text, or -1: the colons right after an unescaped
 * quote. Every key's colon is one of them unless whitespace comes between (then -1, as for any colon
 * after whitespace, and countTextKeys decides); the others are colons that open a string (`":8080"`).
 * So when this equals the parsed value's count, the text has no duplicate key; otherwise
 * countTextKeys, which reads every string, decides. A third of its time: colons are fewer than quotes.
 */
function countKeySeparators(text: string): number {
  let count = 0;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    const before = text.charCodeAt(colon - 1);
    if (before === QUOTE) {
      let backslashes = 0;
      while (text.charCodeAt(colon - 2 - backslashes) === BACKSLASH) backslashes++;
      if ((backslashes & 1) === 0) count++;
    } else if (isSpace(before)) {
      return -1;
    }
  }
  return count;
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

/** The offset of the opening quote of the string whose closing quote is at `end` (strings hold no unescaped quote). */
function openingQuote(text: string, end: number): number {
  let quote = end;
  for (;;) {
    // A loop rather than lastIndexOf, which is several times slower than indexOf.
    do quote--;
    while (quote >= 0 && text.charCodeAt(quote) !== QUOTE);
    if (quote < 0) return 0;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return quote;
  }
}

/** The line breaks in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Keys that JavaScript orders before the others, whatever the text's order (array indexes). */
const INTEGER_KEY = /^(?:0|[1-9]\d{0,9})$/;

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

/**
 * An array being indexed from its end by a tight pass backwards (items near the end of a List, where
 * `kubectl get` puts policies, are found without reading the workloads before them).
 */
interface BackwardScan {
  /** The array's length (from the parsed value). */
  readonly length: number;
  /** The starts of the last items, the last one first, and their lines. */
  readonly items: number[];
  readonly lines: number[];
  /** The next offset to read, going down, and its line. */
  position: number;
  line: number;
  depth: number;
  /** The lowest non-space offset read at depth 0 since the last comma, and its line: the start of the item being passed. */
  candidate: number;
  candidateLine: number;
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
  /** Arrays indexed from their end (null: not possible for that array). */
  private readonly backwards = new Map<number, BackwardScan | null>();
  private lineCount?: number;
  /** The text's UTF-16 code units, where no bytes were given (see units). */
  private wide?: Uint16Array;

  /**
   * `value`: the parsed document, which tells the length of arrays and the order of keys (for passes
   * from the end). `bytes`: the text's bytes, when each is one of its characters (ASCII, or single
   * bytes UTF-8 decoding replaced): the pass from the end reads them; without them it reads the
   * text's UTF-16 code units, copied into an array when the pass is first needed (reading a typed
   * array is about twice as fast as reading the string's characters).
   */
  constructor(
    private readonly text: string,
    private readonly value?: unknown,
    private readonly bytes?: Uint8Array,
  ) {
    if (bytes !== undefined && bytes.length !== text.length) throw new Error('JsonText: the bytes given are not one per character of the text');
    let i = 0;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    this.root = i;
  }

  /** One element per character of the text, for the pass from the end: the bytes, or the UTF-16 units. */
  private units(): Uint8Array | Uint16Array {
    if (this.bytes !== undefined) return this.bytes;
    return (this.wide ??= utf16Units(this.text));
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
        const low = lastAtOrBefore(items, offset);
        if (items[low] > from) {
          from = items[low];
          line = scan.lines[low];
        }
      }
      for (const scan of this.backwards.values()) {
        // The items from the end, in descending offsets: the first one at or before `offset`.
        const items = scan?.items;
        if (items === undefined || items.length === 0 || items[items.length - 1] > offset) continue;
        let low = 0;
        let high = items.length - 1;
        while (low < high) {
          const middle = (low + high) >> 1;
          if (items[middle] <= offset) high = middle;
          else low = middle + 1;
        }
        if (items[low] > from) {
          from = items[low];
          line = scan!.lines[low];
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
    return lastAtOrBefore(this.lineStarts, offset) + 1;
  }

  /**
   * The offset of one child of the container at `offset`, or undefined. A container is read child by
   * child, only as far as the one asked for, and carries on from there the next time.
   */
  private child(offset: number, segment: PathSegment): number | undefined {
    const indexed = this.arrays.get(offset);
    const code = this.text.charCodeAt(offset);
    if (code !== OPEN_BRACE && code !== OPEN_BRACKET) return undefined;
    if (code === OPEN_BRACKET && typeof segment === 'number' && segment > 0) {
      // An item nearer the end than the forward pass has come is looked for from the end.
      const backward = this.backwardScan(offset);
      if (backward !== undefined && segment < backward.length) {
        const fromEnd = backward.length - 1 - segment;
        const forwardCost = segment - (indexed?.items.length ?? 0);
        if (forwardCost > 0 && fromEnd - backward.items.length < forwardCost) return this.indexBackward(backward, fromEnd);
      }
    }
    if (indexed !== undefined) return typeof segment === 'number' ? this.indexArray(indexed, segment) : undefined;
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

  /**
   * A pass from the end for the array at `offset`, when its end can be found without reading it: the
   * array is the document, or a member of the document's object whose following members the parsed
   * value names (their keys in text order: no duplicates, which parseJson refused, and no
   * integer-like keys, which JavaScript objects put first).
   */
  private backwardScan(offset: number): BackwardScan | undefined {
    const known = this.backwards.get(offset);
    if (known !== undefined) return known ?? undefined;
    const scan = this.makeBackwardScan(offset);
    this.backwards.set(offset, scan ?? null);
    return scan;
  }

  private makeBackwardScan(offset: number): BackwardScan | undefined {
    const text = this.text;
    const root = this.value;
    let end = this.previousNonSpace(text.length - 1);
    let array: unknown;
    if (offset === this.root) {
      array = root;
    } else {
      const members = this.partials.get(this.root)?.children;
      if (!(members instanceof Map) || typeof root !== 'object' || root === null || Array.isArray(root)) return undefined;
      let key: string | undefined;
      for (const [name, at] of members) if (at === offset) key = name;
      if (key === undefined) return undefined;
      const keys = Object.keys(root);
      if (keys.some((k) => INTEGER_KEY.test(k))) return undefined;
      const index = keys.indexOf(key);
      array = (root as Record<string, unknown>)[key];
      if (text.charCodeAt(end) !== CLOSE_BRACE) return undefined;
      // Back over the members after it: value, colon, key, comma.
      for (let member = keys.length - 1; member > index; member--) {
        const valueStart = this.valueStartBefore(this.previousNonSpace(end - 1));
        const colon = this.previousNonSpace(valueStart - 1);
        if (text.charCodeAt(colon) !== COLON) return undefined;
        const keyEnd = this.previousNonSpace(colon - 1);
        if (text.charCodeAt(keyEnd) !== QUOTE) return undefined;
        const comma = this.previousNonSpace(openingQuote(text, keyEnd) - 1);
        if (text.charCodeAt(comma) !== COMMA) return undefined;
        end = comma;
      }
      end = this.previousNonSpace(end - 1);
    }
    if (!Array.isArray(array) || text.charCodeAt(end) !== CLOSE_BRACKET) return undefined;
    // The line is counted when the pass starts (the whole text's line breaks).
    return { length: array.length, items: [], lines: [], position: end - 1, line: -1, depth: 0, candidate: -1, candidateLine: 0, done: false };
  }

  /** The start of item `length - 1 - fromEnd` of an array scanned from its end, scanning on (down) as far as needed. */
  private indexBackward(scan: BackwardScan, fromEnd: number): number | undefined {
    const text = this.text;
    const units = this.units();
    const { items, lines } = scan;
    if (scan.line < 0) scan.line = this.totalLines() - countLineBreaks(text, scan.position + 1, text.length);
    let { position: i, line, depth, candidate, candidateLine } = scan;
    while (!scan.done && items.length <= fromEnd && i >= 0) {
      const code = units[i];
      if (code <= 0x20) {
        // Whitespace (JSON has no other control characters outside strings). `line` is the line of
        // offset i: one less once a line break is passed.
        if (code === 0x0a) line--;
        while (units[--i] === 0x20);
        continue;
      }
      if (code === QUOTE) {
        // Down to the string's opening quote: the first quote not escaped.
        for (;;) {
          while (i > 0 && units[--i] !== QUOTE);
          if (units[i - 1] !== BACKSLASH) break;
          let backslashes = 1;
          while (units[i - 1 - backslashes] === BACKSLASH) backslashes++;
          if ((backslashes & 1) === 0) break;
        }
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth++;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (depth === 0) {
          // The array's own bracket: the item passed last is the first one.
          if (candidate >= 0) {
            items.push(candidate);
            lines.push(candidateLine);
          }
          scan.done = true;
          break;
        }
        depth--;
      } else if (code === COMMA && depth === 0) {
        items.push(candidate);
        lines.push(candidateLine);
        candidate = -1;
        i--;
        continue;
      }
      // Going down, the last character read at the item's own level before the comma is its first.
      if (depth === 0) {
        candidate = i;
        candidateLine = line;
      }
      i--;
    }
    Object.assign(scan, { position: i, line, depth, candidate, candidateLine });
    return items[fromEnd];
  }

  /** The number of lines of the text. */
  private totalLines(): number {
    return (this.lineCount ??= 1 + countLineBreaks(this.text, 0, this.text.length));
  }

  /** The offset of the last non-space character at or before `i`. */
  private previousNonSpace(i: number): number {
    const text = this.text;
    while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
    return i;
  }

  /** The start of the value whose last character is at `i`. */
  private valueStartBefore(i: number): number {
    const text = this.text;
    const last = text.charCodeAt(i);
    if (last === QUOTE) return openingQuote(text, i);
    if (last !== CLOSE_BRACE && last !== CLOSE_BRACKET) {
      while (i > 0) {
        const code = text.charCodeAt(i - 1);
        if (code === COMMA || code === COLON || code === OPEN_BRACE || code === OPEN_BRACKET || isSpace(code)) break;
        i--;
      }
      return i;
    }
    let depth = 0;
    for (; i >= 0; i--) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) i = openingQuote(text, i);
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth++;
      else if ((code === OPEN_BRACE || code === OPEN_BRACKET) && --depth === 0) return i;
    }
    return 0;
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

/** The index of the last of ascending `values` that is at most `offset` (0 when none is). */
function lastAtOrBefore(values: ArrayLike<number>, offset: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (values[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The UTF-16 code units of `text` in a typed array, written by one native call (Buffer writes little-endian). */
function utf16Units(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  const view = Buffer.from(units.buffer, units.byteOffset, units.byteLength);
  view.write(text, 'utf16le');
  if (!LITTLE_ENDIAN) view.swap16();
  return units;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
