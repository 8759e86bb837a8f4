import { AnalyzerError, describeObject, excerpt, excerptText } from './errors';
import type { SourceLocation, Warning } from './types';

export type PathSegment = string | number;

/**
 * One manifest object as parsed, with what is needed to point at any of its fields in messages. For
 * JSON input the lines are found when first read (json-text.ts), so a listing that prints no message
 * never looks for them.
 */
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

/** A source location whose line is worked out when first read, then kept. */
export function lazyLocation(file: string, line: () => number | undefined): SourceLocation {
  let known = false;
  let value: number | undefined;
  return {
    file,
    get line(): number | undefined {
      if (!known) {
        value = line();
        known = true;
      }
      return value;
    },
  };
}

/** `object` with an enumerable `line` worked out when first read (so JSON output and test equality still see it). */
export function withLazyLine<T extends object>(object: T, line: () => number | undefined): T & { readonly line?: number } {
  let known = false;
  let value: number | undefined;
  Object.defineProperty(object, 'line', {
    enumerable: true,
    configurable: true,
    get(): number | undefined {
      if (!known) {
        value = line();
        known = true;
      }
      return value;
    },
  });
  return object as T & { readonly line?: number };
}

/**
 * An object's location: its file, and its line as the raw object has it (collect's objects find it
 * when first read, and keep it), as an own enumerable `line` with one shared accessor (fast objects;
 * see FieldLine in policies.ts).
 */
class ObjectSource implements SourceLocation {
  declare readonly file: string;
  declare readonly line?: number;
  readonly #raw: RawObject;

  constructor(raw: RawObject) {
    (this as { file: string }).file = raw.file;
    this.#raw = raw;
    Object.defineProperty(this, 'line', ObjectSource.line);
  }

  static readonly line: PropertyDescriptor = {
    get(this: ObjectSource) {
      return this.#raw.line;
    },
    enumerable: true,
    configurable: true,
  };
}

function objectSource(raw: RawObject): SourceLocation {
  return new ObjectSource(raw);
}

/** Reads and checks fields of one raw object; every failure names the object and the field's line. */
export class ObjectReader {
  private ownDescription?: string;

  constructor(readonly raw: RawObject, readonly namespace: string | undefined, readonly name: string) {}

  /** `NetworkPolicy ns/name`, for messages (made when first needed). */
  get description(): string {
    return (this.ownDescription ??= describeObject(this.raw.kind, this.name, this.namespace));
  }

  private ownSource?: SourceLocation;

  /** The object's location (its line found when first read). */
  get source(): SourceLocation {
    return (this.ownSource ??= objectSource(this.raw));
  }

  /** The location of the field at `path` (its line found when first read). */
  sourceAt(path: readonly PathSegment[]): SourceLocation {
    return lazyLocation(this.raw.file, () => this.lineAt(path));
  }

  /** The line of the field at `path`, or of the object. */
  lineAt(path: readonly PathSegment[]): number | undefined {
    return this.raw.lineOf(path) ?? this.raw.line;
  }

  fail(path: readonly PathSegment[], detail: string): never {
    throw new AnalyzerError(detail, { source: this.sourceAt(path), object: this.description });
  }
}

/** `spec.ingress[0].from[1]`: a field path as Kubernetes documentation writes it. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    // A key can be anything a file holds (a YAML alias bomb makes one of gigabytes): messages show its start.
    const key = typeof segment === 'number' ? '' : excerptText(segment, 60);
    text += typeof segment === 'number' ? `[${segment}]` : text.length === 0 ? key : `.${key}`;
  }
  return text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The nearest valid name: lower-cased, other characters turned into "-", trimmed to the limit. */
function suggestName(value: string, allowDots: boolean, maxLength: number): string {
  const replaced = value.toLowerCase().replace(allowDots ? /[^-a-z0-9.]+/g : /[^-a-z0-9]+/g, '-');
  return replaced.slice(0, maxLength).replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * Refuses a `metadata.namespace` (or a Namespace's `metadata.name`) that the API server would
 * refuse: an analysis of an object the cluster can never hold would answer for nothing.
 */
export function checkNamespaceName(reader: ObjectReader, path: readonly PathSegment[], value: string): void {
  if (value.length <= 63 && DNS_LABEL.test(value)) return;
  const suggestion = suggestName(value, false, 63);
  reader.fail(path, `Field ${formatPath(path)} "${value}" is not a valid namespace name: it must be a DNS-1123 label `
    + '(at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit).'
    + (suggestion !== '' && DNS_LABEL.test(suggestion) ? ` Did you mean "${suggestion}"?` : ''));
}

/** Checks `metadata.namespace` of a namespaced object; left out or empty means `default`. */
export function checkNamespaceField(reader: ObjectReader, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  if (typeof value !== 'string') reader.fail(['metadata', 'namespace'], `Field metadata.namespace must be a string, not ${excerpt(value)}.`);
  checkNamespaceName(reader, ['metadata', 'namespace'], value);
}

/** An object's metadata, or an empty one where it has none. */
export function metadataOf(raw: RawObject): Record<string, unknown> {
  return isRecord(raw.value.metadata) ? raw.value.metadata : {};
}

/** An object's name and a reader that names it in messages. */
export interface ObjectIdentity {
  readonly reader: ObjectReader;
  readonly name: string;
  readonly namespace?: string;
}

/**
 * Reads an object's name, and its namespace for a namespaced kind (`default` where it is left out or
 * empty), and checks them as the API server would: a missing name is refused, a name that is not a
 * DNS-1123 subdomain is warned about, the namespace field must be a namespace name.
 */
export function identifyObject(raw: RawObject, namespaced: true, warnings: Warning[]): ObjectIdentity & { readonly namespace: string };
export function identifyObject(raw: RawObject, namespaced: boolean, warnings: Warning[]): ObjectIdentity;
export function identifyObject(raw: RawObject, namespaced: boolean, warnings: Warning[]): ObjectIdentity {
  const metadata = metadataOf(raw);
  const namespace = namespaced ? (typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default') : undefined;
  const name = metadata.name;
  const reader: ObjectReader = new ObjectReader(raw, namespace, typeof name === 'string' ? name : '(unnamed)');
  if (typeof name !== 'string' || name === '') reader.fail(['metadata'], `Field metadata.name is missing; every ${raw.kind} needs a name.`);
  checkObjectName(reader, raw.kind, name, warnings);
  if (namespaced) checkNamespaceField(reader, metadata.namespace);
  return { reader, name, namespace };
}

/**
 * Warns about a `metadata.name` that is not a DNS-1123 subdomain. The API server refuses such an
 * object, but its name plays no part in the connections, and the peer suite's inputs contain a few
 * (underscores), so this is a warning rather than a refusal.
 */
export function checkObjectName(reader: ObjectReader, kind: string, value: string, warnings: Warning[]): void {
  if (value.length <= 253 && DNS_SUBDOMAIN.test(value)) return;
  const suggestion = suggestName(value, true, 253);
  warnings.push({
    message: `${reader.description}: Field metadata.name "${value}" is not a valid ${kind} name, so the API server would refuse it: `
      + 'it must be a DNS-1123 subdomain (at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit).'
      + (suggestion !== '' && DNS_SUBDOMAIN.test(suggestion) ? ` Did you mean "${suggestion}"?` : ''),
    source: reader.sourceAt(['metadata', 'name']),
  });
}
