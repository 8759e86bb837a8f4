import type { PathSegment } from './raw';
import { goYamlPlain, sameScalar } from './yaml-scalars';

/**
 * A reader for the YAML that tools write (cdk8s, kubectl, Helm): block mappings and sequences, plain,
 * quoted and literal block scalars, one-line flow collections, comments and `---` separators. It is
 * about twenty times faster than the `yaml` package on such text, and gives the same values (plain
 * scalars the go-yaml v2 way, yaml-scalars.ts) and the same lines. Anything else — anchors, aliases,
 * tags, merge keys, folded or multi-line scalars, directives, tabs, duplicate keys, anything that
 * is not valid — makes it give up (undefined), and the caller reads the file with the `yaml` package,
 * which also gives the messages for invalid input. So it only ever reads text both read alike; a test
 * holds it to that on every manifest of the repository and the conformance suites.
 */

/** The line of a value, and of its children for collections. */
export type LineTree = { readonly line: number; readonly children?: Map<string, LineTree> | LineTree[] };

export interface FastDocument {
  readonly value: unknown;
  readonly lines: LineTree;
  /** Plain scalars whose YAML 1.2 reading (what the `yaml` package gives) differs from go-yaml's, which is used. */
  readonly reread: readonly { line: number; text: string; value: unknown; was: unknown }[];
}

class GiveUp extends Error {}

const giveUp = (): never => {
  throw new GiveUp();
};

export function parseYamlFast(text: string): FastDocument[] | undefined {
  try {
    return new FastYaml(text).documents();
  } catch (error) {
    if (error instanceof GiveUp || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The line of a value with the line tree below it. */
type Parsed = { value: unknown; tree: LineTree };

class FastYaml {
  private readonly lines: string[];
  /** Indentation of each line; -1 for blank and comment-only lines. */
  private readonly indents: Int32Array;
  private position = 0;
  private reread: { line: number; text: string; value: unknown; was: unknown }[] = [];

  constructor(text: string) {
    // CRLF line ends read as LF ends; a lone CR, or a tab where indentation goes, is for the yaml package.
    this.lines = text.split('\n');
    // The text's last line break ends a line; it does not start another.
    if (this.lines.length > 1 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    if (text.includes('\r')) this.lines = this.lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    this.indents = new Int32Array(this.lines.length);
    this.lines.forEach((line, i) => {
      let indent = 0;
      while (indent < line.length && line.charCodeAt(indent) === 0x20) indent++;
      const next = line.charCodeAt(indent);
      if (next === 0x09 || line.includes('\r')) giveUp();
      this.indents[i] = indent === line.length || next === 0x23 ? -1 : indent;
    });
  }

  documents(): FastDocument[] {
    const documents: FastDocument[] = [];
    let started = false;
    for (;;) {
      this.skipBlank();
      if (this.position >= this.lines.length) break;
      const line = this.lines[this.position];
      if (this.indents[this.position] === 0 && line.startsWith('---')) {
        if (line.trimEnd() !== '---') giveUp();
        this.position++;
        // `---` then nothing: an empty document, as the yaml package reads it (toJS gives null).
        this.skipBlank();
        if (this.position >= this.lines.length || this.isSeparator(this.position)) {
          documents.push({ value: null, lines: { line: this.position + 1 }, reread: [] });
          started = true;
          continue;
        }
      } else if (started) {
        giveUp();
      }
      if (line.startsWith('%') || line.startsWith('...')) giveUp();
      if (this.indents[this.position] !== 0) giveUp();
      this.reread = [];
      const parsed = this.block(0);
      documents.push({ value: parsed.value, lines: parsed.tree, reread: this.reread });
      started = true;
      this.skipBlank();
      if (this.position < this.lines.length && !this.isSeparator(this.position)) giveUp();
    }
    return documents;
  }

  private isSeparator(index: number): boolean {
    return this.indents[index] === 0 && this.lines[index].startsWith('---');
  }

  private skipBlank(): void {
    while (this.position < this.lines.length && this.indents[this.position] < 0) this.position++;
  }

  /** The block node at the current line, whose indentation is `indent`. */
  private block(indent: number): Parsed {
    const line = this.lines[this.position];
    const rest = line.slice(indent);
    if (rest === '-' || rest.startsWith('- ')) return this.sequence(indent);
    return this.mapping(indent, indent);
  }

  /** A block sequence whose dashes are at `indent`. */
  private sequence(indent: number): Parsed {
    const items: unknown[] = [];
    const trees: LineTree[] = [];
    const first = this.position + 1;
    for (;;) {
      this.skipBlank();
      if (this.position >= this.lines.length || this.indents[this.position] !== indent || this.isSeparator(this.position)) break;
      const line = this.lines[this.position];
      const rest = line.slice(indent);
      if (rest !== '-' && !rest.startsWith('- ')) break;
      const after = rest === '-' ? '' : rest.slice(2);
      const contentColumn = indent + 2 + (after.length - after.trimStart().length);
      const content = after.trim();
      if (content === '' || content.startsWith('#')) {
        const dashLine = this.position + 1;
        this.position++;
        this.skipBlank();
        const nested = this.nestedBlock(indent, true);
        items.push(nested?.value ?? null);
        trees.push(nested?.tree ?? { line: dashLine });
        continue;
      }
      if (content.startsWith('- ') || content === '-') giveUp();
      if (this.startsMappingKey(content)) {
        // A compact mapping: `- key: value`, its other keys at the column of the first.
        const parsed = this.mapping(contentColumn, contentColumn);
        items.push(parsed.value);
        trees.push(parsed.tree);
        continue;
      }
      const parsed = this.inlineValue(content, this.position + 1);
      this.position++;
      this.refuseContinuation(indent);
      items.push(parsed.value);
      trees.push(parsed.tree);
    }
    return { value: items, tree: { line: first, children: trees } };
  }

  /** A block mapping whose keys are at `indent`; its first key may sit after a `- ` (at `firstColumn`). */
  private mapping(indent: number, firstColumn: number): Parsed {
    const value: Record<string, unknown> = {};
    const children = new Map<string, LineTree>();
    const first = this.position + 1;
    let column = firstColumn;
    for (;;) {
      if (this.position !== first - 1) this.skipBlank();
      if (this.position >= this.lines.length || this.isSeparator(this.position)) break;
      const lineIndex = this.position;
      if (lineIndex !== first - 1) {
        if (this.indents[lineIndex] !== indent) break;
        column = indent;
      }
      const line = this.lines[lineIndex];
      const { key, rest } = this.key(line, column);
      if (Object.prototype.hasOwnProperty.call(value, key) || key === '<<') giveUp();
      const lineNumber = lineIndex + 1;
      const content = rest.trim();
      if (content === '' || content.startsWith('#')) {
        this.position++;
        this.skipBlank();
        const nested = this.nestedBlock(indent, false);
        value[key] = nested?.value ?? null;
        children.set(key, nested?.tree ?? { line: lineNumber });
        continue;
      }
      if (content.startsWith('|')) {
        value[key] = this.literal(content, indent);
        children.set(key, { line: lineNumber });
        continue;
      }
      const scalar = this.inlineValue(content, lineNumber);
      this.position++;
      this.refuseContinuation(indent);
      value[key] = scalar.value;
      children.set(key, scalar.tree);
    }
    return { value, tree: { line: first, children } };
  }

  /** The block under a `key:` or `-` with nothing after it, or undefined (a null value). */
  private nestedBlock(indent: number, inSequence: boolean): Parsed | undefined {
    if (this.position >= this.lines.length || this.isSeparator(this.position)) return undefined;
    const nested = this.indents[this.position];
    const line = this.lines[this.position];
    // `key:` then `- item` at the key's own indentation is a sequence value, as YAML allows.
    const sameIndentSequence = !inSequence && nested === indent && (line.slice(indent) === '-' || line.slice(indent).startsWith('- '));
    if (nested <= indent && !sameIndentSequence) return undefined;
    return this.block(nested);
  }

  /** After a one-line value, a more-indented line would continue it (a multi-line scalar): not for this reader. */
  private refuseContinuation(indent: number): void {
    this.skipBlank();
    if (this.position < this.lines.length && this.indents[this.position] > indent && !this.isSeparator(this.position)) giveUp();
  }

  private startsMappingKey(content: string): boolean {
    if (content.startsWith('"') || content.startsWith("'")) {
      const end = content.startsWith('"') ? closingDouble(content) : closingSingle(content);
      return end > 0 && /^:( |$)/.test(content.slice(end + 1));
    }
    if (/^[[{&*!|>%@`#]/.test(content)) return false;
    return /^[^#]*?:( |$)/.test(content) && !content.startsWith('? ');
  }

  /** The key at `column` of `line` and what follows its colon. */
  private key(line: string, column: number): { key: string; rest: string } {
    const text = line.slice(column);
    if (text.startsWith('"') || text.startsWith("'")) {
      const end = text.startsWith('"') ? closingDouble(text) : closingSingle(text);
      if (end < 0 || text[end + 1] !== ':' || (text.length > end + 2 && text[end + 2] !== ' ')) giveUp();
      const key = text.startsWith('"') ? unescapeDouble(text.slice(1, end)) : text.slice(1, end).replace(/''/g, "'");
      return { key, rest: text.slice(end + 2) };
    }
    if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) && !/^-[^ ]/.test(text)) giveUp();
    const colon = text.search(/:( |$)/);
    if (colon <= 0) giveUp();
    const key = text.slice(0, colon);
    if (/[ \t]#|\t/.test(key) || key !== key.trim()) giveUp();
    // A plain key is a string to both readers only when its resolution is one: `010:` or `yes:` are not.
    if (goYamlPlain(key) !== key || core12(key) !== key) giveUp();
    return { key, rest: text.slice(colon + 1) };
  }

  /** A value written on one line: quoted, a flow collection, or plain. */
  private inlineValue(content: string, line: number): Parsed {
    const first = content[0];
    if (first === '"' || first === "'") {
      const end = first === '"' ? closingDouble(content) : closingSingle(content);
      if (end < 0) giveUp();
      trailingComment(content.slice(end + 1));
      const body = content.slice(1, end);
      return { value: first === '"' ? unescapeDouble(body) : body.replace(/''/g, "'"), tree: { line } };
    }
    if (first === '[' || first === '{') {
      const flow = new FlowReader(content, line, this.reread);
      const parsed = flow.value();
      trailingComment(content.slice(flow.offset));
      return parsed;
    }
    if (/^[&*!|>%@`]/.test(content) || /^[-?:]( |$)/.test(content)) giveUp();
    const plain = stripComment(content);
    if (/:[ \t]|:$|[ \t]#/.test(plain)) giveUp();
    return { value: resolvePlain(plain, line, this.reread), tree: { line } };
  }

  /** A literal block scalar (`|`, `|-`, `|+`) under a key at `indent`. */
  private literal(header: string, indent: number): string {
    const match = /^\|([-+]?)\s*(#.*)?$/.exec(header);
    if (match === null) giveUp();
    const chomp = match![1];
    this.position++;
    const body: string[] = [];
    let contentIndent = -1;
    while (this.position < this.lines.length) {
      const line = this.lines[this.position];
      const spaces = line.length - line.trimStart().length;
      if (line.trim() === '') {
        // A line of spaces only: empty, or, past the content's indentation, spaces that belong to the text.
        if (contentIndent < 0 ? line.length > indent : line.length > contentIndent) {
          if (contentIndent < 0) giveUp();
          body.push(line.slice(contentIndent));
        } else {
          body.push('');
        }
        this.position++;
        continue;
      }
      if (spaces <= indent) break;
      if (contentIndent < 0) contentIndent = spaces;
      if (spaces < contentIndent) giveUp();
      body.push(line.slice(contentIndent));
      this.position++;
    }
    if (contentIndent < 0) giveUp();
    // Blank lines after the content belong to the next node's position, not to this one's lines.
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === '') {
      body.pop();
      trailing++;
    }
    const content = body.join('\n');
    if (chomp === '-') return content;
    if (chomp === '+') return `${content}\n${'\n'.repeat(trailing)}`;
    return `${content}\n`;
  }
}

/** A one-line flow collection: `{app: web, tier: db}`, `[Ingress, Egress]`, nested, with quoted or plain scalars. */
class FlowReader {
  offset = 0;

  constructor(
    private readonly text: string,
    private readonly line: number,
    private readonly reread: { line: number; text: string; value: unknown; was: unknown }[],
  ) {}

  value(): Parsed {
    this.space();
    const c = this.text[this.offset];
    if (c === '[') return this.sequence();
    if (c === '{') return this.mapping();
    if (c === '"' || c === "'") return { value: this.quoted(), tree: { line: this.line } };
    return { value: resolvePlain(this.plain(), this.line, this.reread), tree: { line: this.line } };
  }

  private sequence(): Parsed {
    this.offset++;
    const items: unknown[] = [];
    const trees: LineTree[] = [];
    this.space();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return { value: items, tree: { line: this.line, children: trees } };
    }
    for (;;) {
      const item = this.value();
      items.push(item.value);
      trees.push(item.tree);
      this.space();
      const c = this.text[this.offset++];
      if (c === ']') break;
      if (c !== ',') giveUp();
      this.space();
      if (this.text[this.offset] === ']') giveUp();
    }
    return { value: items, tree: { line: this.line, children: trees } };
  }

  private mapping(): Parsed {
    this.offset++;
    const value: Record<string, unknown> = {};
    const children = new Map<string, LineTree>();
    this.space();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return { value, tree: { line: this.line, children } };
    }
    for (;;) {
      this.space();
      const c = this.text[this.offset];
      const key = c === '"' || c === "'" ? this.quoted() : this.plain();
      if (c !== '"' && c !== "'" && (goYamlPlain(key) !== key || core12(key) !== key)) giveUp();
      if (key === '' || key === '<<' || Object.prototype.hasOwnProperty.call(value, key)) giveUp();
      this.space();
      if (this.text[this.offset] !== ':') giveUp();
      this.offset++;
      if (this.text[this.offset] !== ' ') giveUp();
      const item = this.value();
      value[key] = item.value;
      children.set(key, item.tree);
      this.space();
      const next = this.text[this.offset++];
      if (next === '}') break;
      if (next !== ',') giveUp();
    }
    return { value, tree: { line: this.line, children } };
  }

  private quoted(): string {
    const rest = this.text.slice(this.offset);
    const double = rest[0] === '"';
    const end = double ? closingDouble(rest) : closingSingle(rest);
    if (end < 0) giveUp();
    this.offset += end + 1;
    const body = rest.slice(1, end);
    return double ? unescapeDouble(body) : body.replace(/''/g, "'");
  }

  /** A plain scalar in a flow: up to `,`, `]`, `}` or `: `; no flow indicators inside. */
  private plain(): string {
    const start = this.offset;
    while (this.offset < this.text.length) {
      const c = this.text[this.offset];
      if (c === ',' || c === ']' || c === '}' || c === '[' || c === '{') break;
      if (c === ':' && (this.text[this.offset + 1] === ' ' || this.text[this.offset + 1] === ',' || this.offset + 1 === this.text.length)) break;
      if (c === '#' && this.text[this.offset - 1] === ' ') giveUp();
      this.offset++;
    }
    const plain = this.text.slice(start, this.offset).trim();
    if (plain === '' || /^[&*!|>'"%@`#]/.test(plain) || /^[-?:]( |$)/.test(plain)) giveUp();
    return plain;
  }

  private space(): void {
    while (this.text[this.offset] === ' ') this.offset++;
  }
}

/** The index of the closing quote of a double-quoted scalar starting at 0, or -1. */
function closingDouble(text: string): number {
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
  }
  return -1;
}

function closingSingle(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

const ESCAPES: Readonly<Record<string, string>> = { '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029' };

function unescapeDouble(body: string): string {
  if (!body.includes('\\')) return body;
  let result = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      result += c;
      continue;
    }
    const e = body[++i];
    const length = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (length > 0) {
      const hex = body.slice(i + 1, i + 1 + length);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) giveUp();
      result += String.fromCodePoint(parseInt(hex, 16));
      i += length;
      continue;
    }
    const escaped = ESCAPES[e];
    if (escaped === undefined) giveUp();
    result += escaped;
  }
  return result;
}

/** After a quoted scalar or flow collection, only a comment may follow on the line. */
function trailingComment(rest: string): void {
  const trimmed = rest.trim();
  if (trimmed !== '' && !(trimmed.startsWith('#') && /^[ \t]/.test(rest))) giveUp();
}

function stripComment(content: string): string {
  const hash = content.search(/[ \t]#/);
  return (hash < 0 ? content : content.slice(0, hash)).trimEnd();
}

/** A plain scalar as go-yaml reads it, noting where the `yaml` package (YAML 1.2 core) would read it otherwise. */
function resolvePlain(text: string, line: number, reread: { line: number; text: string; value: unknown; was: unknown }[]): unknown {
  const value = goYamlPlain(text);
  const was = core12(text);
  if (!sameScalar(value, was)) reread.push({ line, text, value, was });
  return value;
}

/** The YAML 1.2 core schema's reading of a plain scalar, as the `yaml` package resolves it. */
function core12(text: string): unknown {
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}

/** The line of the value at `path` below `tree`, or of the deepest part of the path that exists. */
export function lineInTree(tree: LineTree, path: readonly PathSegment[]): number {
  let current = tree;
  for (const segment of path) {
    const children = current.children;
    const next = children instanceof Map ? children.get(String(segment)) : Array.isArray(children) && typeof segment === 'number' ? children[segment] : undefined;
    if (next === undefined) break;
    current = next;
  }
  return current.line;
}
