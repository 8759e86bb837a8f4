import { isMap, isSeq, type LineCounter, type Node } from 'yaml';
import { AnalyzerError, describeObject } from './errors';
import type { SourceLocation } from './types';

export type PathSegment = string | number;

/** One manifest object as parsed, with what is needed to point at any of its fields in messages. */
export interface RawObject {
  readonly value: Record<string, unknown>;
  readonly kind: string;
  readonly apiVersion: string;
  readonly file: string;
  /** The line of the object's first field. */
  readonly line?: number;
  /** The line of the field at `path` (relative to the object), or of its nearest existing ancestor. */
  lineOf(path: readonly PathSegment[]): number | undefined;
}

/** Builds `lineOf` for an object whose YAML node is `node`. */
export function nodeLocator(node: Node | null | undefined, lineCounter: LineCounter): (path: readonly PathSegment[]) => number | undefined {
  const lineOfNode = (n: Node): number | undefined => (n.range ? lineCounter.linePos(n.range[0]).line : undefined);
  return (path) => {
    if (!node) return undefined;
    let current: Node = node;
    for (const segment of path) {
      let child: unknown;
      if (isMap(current) || isSeq(current)) child = current.get(segment, true);
      if (!child || typeof child !== 'object' || !('range' in (child as object))) break;
      current = child as Node;
    }
    return lineOfNode(current);
  };
}

/** Reads and checks fields of one raw object; every failure names the object and the field's line. */
export class ObjectReader {
  readonly description: string;

  constructor(readonly raw: RawObject, readonly namespace: string | undefined, readonly name: string) {
    this.description = describeObject(raw.kind, name, namespace);
  }

  get source(): SourceLocation {
    return { file: this.raw.file, line: this.raw.line };
  }

  sourceAt(path: readonly PathSegment[]): SourceLocation {
    return { file: this.raw.file, line: this.raw.lineOf(path) ?? this.raw.line };
  }

  fail(path: readonly PathSegment[], detail: string): never {
    throw new AnalyzerError(detail, { source: this.sourceAt(path), object: this.description });
  }
}

/** `spec.ingress[0].from[1]`: a field path as Kubernetes documentation writes it. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text.length === 0 ? segment : `.${segment}`;
  }
  return text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
