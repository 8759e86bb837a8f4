import type { SourceLocation } from './types';

/**
 * Invalid input. The message reads `file:line: Kind ns/name: What is wrong. What would be right.`;
 * the parts are also available as fields so callers can format them differently.
 */
export class AnalyzerError extends Error {
  /** The input path, when the problem is in a file. */
  readonly file?: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** `Kind namespace/name` (or `Kind name` for cluster-scoped objects), when the problem is in one object. */
  readonly object?: string;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(detail: string, where: { source?: SourceLocation; line?: number; object?: string } = {}) {
    const file = where.source?.file;
    const line = where.line ?? where.source?.line;
    const location = file === undefined ? '' : line === undefined ? `${file}: ` : `${file}:${line}: `;
    const object = where.object === undefined ? '' : `${where.object}: `;
    super(`${location}${object}${detail}`);
    this.name = 'AnalyzerError';
    this.file = file;
    this.line = file === undefined ? undefined : line;
    this.object = where.object;
    this.detail = detail;
  }
}

/** Formats `Kind ns/name` for messages (control characters escaped, a long name cut short). */
export function describeObject(kind: string, name: string, namespace?: string): string {
  const shown = excerptText(name, 253);
  return namespace === undefined ? `${kind} ${shown}` : `${kind} ${namespace}/${shown}`;
}

/** Formats a source location as `file:line` (or `file`). */
export function formatLocation(source: SourceLocation): string {
  const file = escapeControls(source.file);
  return source.line === undefined ? file : `${file}:${source.line}`;
}

/**
 * Text for one line of output: control characters (a newline in an object name would split a
 * connection over two lines) written as JSON writes them, `\n`, `\t`, `\u0000`. Other text is
 * left alone, so ordinary names print as they are.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

export function escapeControls(text: string): string {
  // Not global, so test() keeps no state; the global one (for replace) is made only when needed.
  if (!CONTROL.test(text)) return text;
  // eslint-disable-next-line no-control-regex
  const controls = /[\u0000-\u001f\u007f\u2028\u2029]/g;
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
  return text.replace(controls, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` for a message: control characters escaped, and cut to `max` characters with "…". */
export function excerptText(text: string, max: number): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return escapeControls(cut);
}

/**
 * A value for a message, as JSON, but at most about `max` characters: a bad value can be a document of
 * its own (a YAML alias bomb expands to gigabytes), and a message quotes only the start of it.
 */
export function excerpt(value: unknown, max = 80): string {
  let budget = max;
  const render = (v: unknown, depth: number): string => {
    if (budget <= 0) return '…';
    let text: string;
    if (typeof v === 'string') text = JSON.stringify(v.length > budget ? `${v.slice(0, budget)}…` : v);
    else if (v === undefined) text = 'undefined';
    else if (typeof v !== 'object' || v === null) text = JSON.stringify(v) ?? String(v);
    else if (depth >= 4) text = Array.isArray(v) ? '[…]' : '{…}';
    else if (Array.isArray(v)) {
      budget -= 1;
      const items: string[] = [];
      for (const item of v) {
        if (budget <= 0) {
          items.push('…');
          break;
        }
        items.push(render(item, depth + 1));
      }
      text = `[${items.join(',')}]`;
    } else {
      budget -= 1;
      const items: string[] = [];
      for (const key of Object.keys(v)) {
        if (budget <= 0) {
          items.push('…');
          break;
        }
        const name = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
        budget -= name.length + 1;
        items.push(`${name}:${render((v as Record<string, unknown>)[key], depth + 1)}`);
      }
      text = `{${items.join(',')}}`;
    }
    budget -= text.length;
    return text;
  };
  return render(value, 0);
}
