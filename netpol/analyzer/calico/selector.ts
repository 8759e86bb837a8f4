import type { Labels } from '../types';

/**
 * Calico's selector language, as libcalico-go/lib/selector (tokenizer/tokenizer.go, parser/parser.go,
 * parser/ast.go) defines it: `==`, `!=`, `in {…}`, `not in {…}`, `contains`, `starts with`,
 * `ends with`, `has()`, `all()`, `global()`, `!`, `&&`, `||`, parentheses, single- or double-quoted
 * strings. An empty selector is all(). Pure: parse once, evaluate against any label map.
 */
export type SelectorNode =
  | { readonly op: 'all' }
  | { readonly op: 'global' }
  | { readonly op: 'has'; readonly label: string }
  | { readonly op: '==' | '!=' | 'contains' | 'starts with' | 'ends with'; readonly label: string; readonly value: string }
  | { readonly op: 'in' | 'not in'; readonly label: string; readonly values: readonly string[] }
  | { readonly op: '!'; readonly operand: SelectorNode }
  | { readonly op: '&&' | '||'; readonly operands: readonly SelectorNode[] };

export interface CalicoSelector {
  /** The selector as written. */
  readonly text: string;
  readonly root: SelectorNode;
}

/** A selector that does not parse: why, and the 0-based offset in the text where it went wrong. */
export class SelectorSyntaxError extends Error {
  constructor(readonly reason: string, readonly offset: number) {
    super(reason);
    this.name = 'SelectorSyntaxError';
  }
}

type TokenKind =
  | 'label'
  | 'string'
  | '{'
  | '}'
  | ','
  | '=='
  | '!='
  | 'in'
  | 'not in'
  | 'contains'
  | 'starts with'
  | 'ends with'
  | '!'
  | 'has'
  | 'all'
  | 'global'
  | '('
  | ')'
  | '&&'
  | '||'
  | 'eof';

interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly offset: number;
}

const MAX_LABEL_LENGTH = 512;
const IDENTIFIER_CHAR = /[A-Za-z0-9_./-]/;

function isIdentifierChar(c: string | undefined): boolean {
  return c !== undefined && IDENTIFIER_CHAR.test(c);
}

/** Calico's tokenizer: whitespace is spaces and tabs only; labels are [A-Za-z0-9_./-]+. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const skipSpace = () => {
    while (input[i] === ' ' || input[i] === '\t') i++;
  };
  const identifier = (): string => {
    const start = i;
    while (isIdentifierChar(input[i])) i++;
    const ident = input.slice(start, i);
    if (ident.length === 0) throw new SelectorSyntaxError(`expected a label name${input[i] === undefined ? '' : `, found "${input[i]}"`}`, start);
    if (ident.length > MAX_LABEL_LENGTH) throw new SelectorSyntaxError(`the label name is longer than ${MAX_LABEL_LENGTH} characters`, start);
    return ident;
  };
  /** Consumes `words` (whitespace allowed between them) when they end at a word boundary. */
  const cutWords = (...words: string[]): boolean => {
    let j = i;
    for (const word of words) {
      if (!input.startsWith(word, j)) return false;
      j += word.length;
      while (input[j] === ' ' || input[j] === '\t') j++;
    }
    if (isIdentifierChar(input[j])) return false;
    i = j;
    return true;
  };
  for (;;) {
    skipSpace();
    const offset = i;
    const push = (kind: TokenKind, value = '') => tokens.push({ kind, value, offset });
    if (i >= input.length) {
      push('eof');
      return tokens;
    }
    const c = input[i];
    const last = tokens[tokens.length - 1]?.kind;
    if (c === '(' || c === ')' || c === '{' || c === '}' || c === ',') {
      push(c);
      i++;
    } else if (c === '"' || c === "'") {
      const end = input.indexOf(c, i + 1);
      if (end < 0) throw new SelectorSyntaxError(`the string starting here has no closing ${c}`, i);
      push('string', input.slice(i + 1, end));
      i = end + 1;
    } else if (c === '=') {
      if (input[i + 1] !== '=') throw new SelectorSyntaxError('expected "==" (a single "=" is not an operator)', i);
      push('==');
      i += 2;
    } else if (c === '!') {
      if (input[i + 1] === '=') {
        push('!=');
        i += 2;
      } else {
        push('!');
        i++;
      }
    } else if (c === '&') {
      if (input[i + 1] !== '&') throw new SelectorSyntaxError('expected "&&" (a single "&" is not an operator)', i);
      push('&&');
      i += 2;
    } else if (c === '|') {
      if (input[i + 1] !== '|') throw new SelectorSyntaxError('expected "||" (a single "|" is not an operator)', i);
      push('||');
      i += 2;
    } else if (last === 'label') {
      if (cutWords('contains')) push('contains');
      else if (cutWords('starts', 'with')) push('starts with');
      else if (cutWords('ends', 'with')) push('ends with');
      else if (cutWords('not', 'in')) push('not in');
      else if (cutWords('in')) push('in');
      else {
        throw new SelectorSyntaxError(
          `expected an operator (==, !=, in, not in, contains, starts with, ends with) after the label "${tokens[tokens.length - 1].value}"`,
          i,
        );
      }
    } else if (input.startsWith('has(', i)) {
      i += 4;
      skipSpace();
      const ident = identifier();
      skipSpace();
      if (input[i] !== ')') throw new SelectorSyntaxError('expected ")" to close has(', i);
      i++;
      push('has', ident);
    } else if (input.startsWith('all(', i) || input.startsWith('global(', i)) {
      const kind = input.startsWith('all(', i) ? 'all' : 'global';
      i += kind.length + 1;
      skipSpace();
      if (input[i] !== ')') throw new SelectorSyntaxError(`expected ")" right after ${kind}(`, i);
      i++;
      push(kind);
    } else {
      push('label', identifier());
    }
  }
}

/** Parsed selectors by text: a cluster repeats a handful across its policies. Frozen, since they are shared. */
const PARSED = new Map<string, CalicoSelector>();
const PARSED_LIMIT = 10_000;

/** Parses a Calico selector; throws SelectorSyntaxError with the offset of the problem. */
export function parseSelector(text: string): CalicoSelector {
  let parsed = PARSED.get(text);
  if (parsed === undefined) {
    parsed = freezeSelector(parseSelectorText(text));
    if (PARSED.size < PARSED_LIMIT) PARSED.set(text, parsed);
  }
  return parsed;
}

function freezeSelector(selector: CalicoSelector): CalicoSelector {
  const freeze = (node: SelectorNode): void => {
    if ('operands' in node) node.operands.forEach(freeze);
    if ('operand' in node) freeze(node.operand);
    if ('values' in node) Object.freeze(node.values);
    Object.freeze(node);
  };
  freeze(selector.root);
  return Object.freeze(selector);
}

function parseSelectorText(text: string): CalicoSelector {
  const tokens = tokenize(text);
  let position = 0;
  const peek = () => tokens[position];
  const describe = (token: Token) => (token.kind === 'eof' ? 'the end of the selector' : token.kind === 'label' ? `the label "${token.value}"` : token.kind === 'string' ? `the string "${token.value}"` : `"${token.kind}"`);

  const parseOr = (): SelectorNode => {
    const operands = [parseAnd()];
    while (peek().kind === '||') {
      position++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0] : { op: '||', operands };
  };
  const parseAnd = (): SelectorNode => {
    const operands = [parseOperation()];
    while (peek().kind === '&&') {
      position++;
      operands.push(parseOperation());
    }
    return operands.length === 1 ? operands[0] : { op: '&&', operands };
  };
  const parseOperation = (): SelectorNode => {
    let negated = false;
    while (peek().kind === '!') {
      negated = !negated;
      position++;
    }
    const token = peek();
    let node: SelectorNode;
    switch (token.kind) {
      case 'has':
        node = { op: 'has', label: token.value };
        position++;
        break;
      case 'all':
        node = { op: 'all' };
        position++;
        break;
      case 'global':
        node = { op: 'global' };
        position++;
        break;
      case 'label': {
        const operator = tokens[position + 1];
        const operand = tokens[position + 2];
        if (operator.kind === '==' || operator.kind === '!=' || operator.kind === 'contains' || operator.kind === 'starts with' || operator.kind === 'ends with') {
          if (operand?.kind !== 'string') throw new SelectorSyntaxError(`expected a quoted string after "${operator.kind}", found ${operand === undefined ? 'the end of the selector' : describe(operand)}`, operand?.offset ?? text.length);
          node = { op: operator.kind, label: token.value, value: operand.value };
          position += 3;
        } else if (operator.kind === 'in' || operator.kind === 'not in') {
          if (operand?.kind !== '{') throw new SelectorSyntaxError(`expected a set literal such as {'a', 'b'} after "${operator.kind}"`, operand?.offset ?? text.length);
          position += 3;
          const values: string[] = [];
          while (peek().kind === 'string') {
            values.push(peek().value);
            position++;
            if (peek().kind !== ',') break;
            position++;
          }
          if (peek().kind !== '}') throw new SelectorSyntaxError(`expected "}" to close the set, found ${describe(peek())}`, peek().offset);
          position++;
          node = { op: operator.kind, label: token.value, values: [...new Set(values)].sort() };
        } else {
          throw new SelectorSyntaxError(`expected an operator after the label "${token.value}", found ${describe(operator)}`, operator.offset);
        }
        break;
      }
      case '(': {
        position++;
        node = parseOr();
        if (peek().kind !== ')') throw new SelectorSyntaxError(`expected ")", found ${describe(peek())}`, peek().offset);
        position++;
        break;
      }
      default:
        throw new SelectorSyntaxError(`unexpected ${describe(token)}; expected a label, has(), all(), global(), "!" or "("`, token.offset);
    }
    return negated ? { op: '!', operand: node } : node;
  };

  if (peek().kind === 'eof') return { text, root: { op: 'all' } };
  const root = parseOr();
  if (peek().kind !== 'eof') throw new SelectorSyntaxError(`unexpected ${describe(peek())} after a complete expression; join expressions with && or ||`, peek().offset);
  return { text, root };
}

/**
 * How a selector sees one entity: its labels, and whether it belongs to a namespace (for `all()` and
 * `global()` in namespace selectors, which Calico rewrites to has/!has(projectcalico.org/namespace)).
 */
export interface SelectorSubject {
  readonly labels: Labels;
  /** Only consulted in namespace-selector mode. */
  readonly namespaced?: boolean;
}

/**
 * Evaluates a selector. In `namespace` mode (namespaceSelector fields) `all()` means "in some namespace"
 * and `global()` "in none", as libcalico-go's rules.go and globalnetworkpolicyprocessor.go rewrite them;
 * elsewhere both match everything (ast.go).
 */
export function evaluateSelector(node: SelectorNode, subject: SelectorSubject, namespaceMode = false): boolean {
  const labels = subject.labels;
  const value = (label: string): string | undefined => (Object.prototype.hasOwnProperty.call(labels, label) ? labels[label] : undefined);
  switch (node.op) {
    case 'all':
      return namespaceMode ? subject.namespaced === true : true;
    case 'global':
      return namespaceMode ? subject.namespaced !== true : true;
    case 'has':
      return value(node.label) !== undefined;
    case '==':
      return value(node.label) === node.value;
    case '!=':
      return value(node.label) !== node.value;
    case 'contains': {
      const v = value(node.label);
      return v !== undefined && v.includes(node.value);
    }
    case 'starts with': {
      const v = value(node.label);
      return v !== undefined && v.startsWith(node.value);
    }
    case 'ends with': {
      const v = value(node.label);
      return v !== undefined && v.endsWith(node.value);
    }
    case 'in': {
      const v = value(node.label);
      return v !== undefined && node.values.includes(v);
    }
    case 'not in': {
      const v = value(node.label);
      return v === undefined || !node.values.includes(v);
    }
    case '!':
      return !evaluateSelector(node.operand, subject, namespaceMode);
    case '&&':
      return node.operands.every((operand) => evaluateSelector(operand, subject, namespaceMode));
    case '||':
      return node.operands.some((operand) => evaluateSelector(operand, subject, namespaceMode));
  }
}

/** Every label name a selector looks at. */
export function selectorLabels(node: SelectorNode, into: Set<string> = new Set()): Set<string> {
  switch (node.op) {
    case 'all':
    case 'global':
      break;
    case '!':
      selectorLabels(node.operand, into);
      break;
    case '&&':
    case '||':
      for (const operand of node.operands) selectorLabels(operand, into);
      break;
    default:
      into.add(node.label);
  }
  return into;
}

/** Whether the selector uses global() anywhere (only valid as a rule's namespaceSelector). */
export function usesGlobal(node: SelectorNode): boolean {
  switch (node.op) {
    case 'global':
      return true;
    case '!':
      return usesGlobal(node.operand);
    case '&&':
    case '||':
      return node.operands.some(usesGlobal);
    default:
      return false;
  }
}
