import type { PathSegment } from './raw';

/**
 * JSON input read with `JSON.parse` (tens of times faster than the YAML parser on `kubectl get -o
 * json` output), with the positions that messages, `explain` and `lint` need found afterwards, and only
 * when asked for: `JsonText` scans a container's children once, the first time a path goes through it.
 */

/** The parsed value, or undefined when the text is not one JSON document JSON.parse reads exactly as the YAML parser would. */
export function parseJson(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // JSON.parse keeps the last of duplicate keys; the YAML parser (and kubectl) refuse them. Count the
  // keys in the text and in the value: a difference means a duplicate, which the YAML path then reports
  // with its line.
  if (countKeys(value) !== countTextKeys(text)) return undefined;
  return { value };
}

function countKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += countKeys(item);
    return count;
  }
  for (const key in value) count += 1 + countKeys((value as Record<string, unknown>)[key]);
  return count;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** Strings followed by a colon: the object keys of valid JSON text. */
function countTextKeys(text: string): number {
  let count = 0;
  let i = text.indexOf('"');
  while (i >= 0) {
    const end = stringEnd(text, i);
    let j = end;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === COLON) count++;
    i = text.indexOf('"', end);
  }
  return count;
}

/** The offset after the closing quote of the string whose opening quote is at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Positions in one JSON document's text, found lazily. */
export class JsonText {
  private lineStarts?: number[];
  private readonly containers = new Map<number, Map<string, number> | number[]>();
  /** Where the document's value starts. */
  readonly root: number;

  constructor(private readonly text: string) {
    let i = 0;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    this.root = i;
  }

  /** The offset of the value at `path` below the value at `start`, or of the deepest part of the path that exists. */
  offsetAt(start: number, path: readonly PathSegment[]): number {
    let offset = start;
    for (const segment of path) {
      const children = this.children(offset);
      const next = children instanceof Map ? (typeof segment === 'string' ? children.get(segment) : undefined) : typeof segment === 'number' ? children[segment] : undefined;
      if (next === undefined) break;
      offset = next;
    }
    return offset;
  }

  /** The 1-based line of an offset. */
  lineAt(offset: number): number {
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

  /** The children of the container at `offset` (keys or indexes to value offsets); empty for a scalar. */
  private children(offset: number): Map<string, number> | number[] {
    let children = this.containers.get(offset);
    if (children !== undefined) return children;
    const text = this.text;
    const open = text.charCodeAt(offset);
    if (open === 0x7b) {
      const keys = new Map<string, number>();
      let i = this.skipSpace(offset + 1);
      while (i < text.length && text.charCodeAt(i) === QUOTE) {
        const end = stringEnd(text, i);
        const raw = text.slice(i + 1, end - 1);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
        i = this.skipSpace(this.skipSpace(end) + 1);
        if (!keys.has(key)) keys.set(key, i);
        i = this.skipSpace(this.skipValue(i));
        if (text.charCodeAt(i) === 0x2c) i = this.skipSpace(i + 1);
      }
      children = keys;
    } else if (open === 0x5b) {
      const items: number[] = [];
      let i = this.skipSpace(offset + 1);
      while (i < text.length && text.charCodeAt(i) !== 0x5d) {
        items.push(i);
        i = this.skipSpace(this.skipValue(i));
        if (text.charCodeAt(i) === 0x2c) i = this.skipSpace(i + 1);
        else break;
      }
      children = items;
    } else {
      children = [];
    }
    this.containers.set(offset, children);
    return children;
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
    if (first === QUOTE) return stringEnd(text, i);
    if (first !== 0x7b && first !== 0x5b) {
      while (i < text.length) {
        const code = text.charCodeAt(i);
        if (code === 0x2c || code === 0x7d || code === 0x5d || isSpace(code)) break;
        i++;
      }
      return i;
    }
    let depth = 0;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) {
        i = stringEnd(text, i);
        continue;
      }
      if (code === 0x7b || code === 0x5b) depth++;
      else if (code === 0x7d || code === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
}
