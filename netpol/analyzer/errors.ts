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

/** Formats `Kind ns/name` for messages. */
export function describeObject(kind: string, name: string, namespace?: string): string {
  return namespace === undefined ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

/** Formats a source location as `file:line` (or `file`). */
export function formatLocation(source: SourceLocation): string {
  return source.line === undefined ? source.file : `${source.file}:${source.line}`;
}
