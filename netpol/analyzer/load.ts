import type { Document, LineCounter, Node } from 'yaml';
import { yaml } from './yaml-module';
import { AnalyzerError, describeObject, excerptText, formatLocation } from './errors';
import { readLabels, readNetworkPolicy } from './policies';
import { checkNamespaceName, isRecord, lazyLocation, metadataOf, ObjectReader, type PathSegment, type RawObject } from './raw';
import { measure, parseJson, type JsonText } from './json-text';
import { goYamlPlain, sameScalar } from './yaml-scalars';
import { lineInTree, lineTree, lineTreeChild, type LineTree } from './yaml-lines';
import type { Labels, ManifestSource, Model, Namespace, NetworkPolicy, UnevaluatedPolicy, Warning } from './types';
import { WORKLOAD_TEMPLATE_PATHS, WorkloadCollector } from './workloads';
import type { CalicoNetworkSet, CalicoObjects, CalicoPolicy, CalicoTier, ServiceAccountObject, ServiceEndpoints, ServiceObject } from './calico/model';
import { readCalicoPolicy, readNetworkSet, readService, readServiceEndpoints, readTier } from './calico/read';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const KUBERNETES_NETWORK_POLICY_API = 'networking.k8s.io/v1';
const CALICO_API_GROUPS = new Set(['projectcalico.org', 'crd.projectcalico.org']);
/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io): Calico v3.31
 * enforces them in its own tiers (adminnetworkpolicy, order 1000, before every other tier;
 * baselineadminnetworkpolicy, order 10000000, after the default tier). The analyzer does not
 * evaluate them, so they are listed as not evaluated, never skipped as if they changed nothing.
 */
const ADMIN_POLICY_GROUP = 'policy.networking.k8s.io';
const ADMIN_POLICY_KINDS = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
const CALICO_POLICY_KINDS = new Set(['NetworkPolicy', 'GlobalNetworkPolicy', 'StagedNetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedKubernetesNetworkPolicy']);

/** The API group each recognised kind must belong to; other groups' objects of the same kind name are foreign. */
const KIND_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Namespace: [''],
  Pod: [''],
  ReplicationController: [''],
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  Job: ['batch'],
  CronJob: ['batch'],
};

/**
 * Parses manifests into a validated model. Accepts multi-document YAML and JSON, `List` and `*List`
 * objects; skips kinds that do not affect reachability and documents that are not Kubernetes objects.
 * Throws `AnalyzerError` (with file, line and object) on anything invalid.
 */
export function loadManifests(sources: readonly ManifestSource[], options: LoadOptions = {}): Model {
  const warnings: Warning[] = [];
  const raws: RawObject[] = [];
  const reread: Reread = new Map();
  for (const source of sources) raws.push(...parseSource(source, warnings, reread, options.yamlCache));
  try {
    return readObjects(raws, warnings);
  } catch (error) {
    throw withRereadHint(error, reread);
  }
}

/** Plain scalars read the YAML 1.1 way (yaml-scalars.ts), by file and line, for the messages about them. */
type Reread = Map<string, Map<number, { text: string; value: unknown }>>;

/**
 * An error about a value that the YAML 1.1 reading changed (`team: y` is the boolean true to kubectl)
 * says so, since the value it quotes is not what the file shows.
 */
function withRereadHint(error: unknown, reread: Reread): unknown {
  if (!(error instanceof AnalyzerError) || error.file === undefined || error.line === undefined) return error;
  const entry = reread.get(error.file)?.get(error.line);
  if (entry === undefined) return error;
  const hint = ` (The plain ${excerptText(entry.text, 40)} on that line is ${describeScalar(entry.value)} to kubectl and the API server, which read YAML 1.1; write "${excerptText(entry.text, 40)}" in quotes if the text is meant.)`;
  return new AnalyzerError(`${error.detail}${hint}`, { source: { file: error.file, line: error.line }, object: error.object });
}

function readObjects(raws: readonly RawObject[], warnings: Warning[]): Model {
  const namespaces = new Map<string, Namespace>();
  const policies = new Map<string, NetworkPolicy>();
  const calicoPolicies: UnevaluatedPolicy[] = [];
  const collector = new WorkloadCollector(warnings);
  const calico = new CalicoCollector(warnings);

  for (const raw of raws) {
    const group = apiGroup(raw.apiVersion);
    if (CALICO_API_GROUPS.has(group)) {
      calico.add(raw);
      continue;
    }
    if ((raw.kind === 'Service' || raw.kind === 'Endpoints' || raw.kind === 'ServiceAccount') && group === '' && raw.apiVersion !== '') {
      calico.addKubernetes(raw);
      continue;
    }
    if (raw.kind === 'EndpointSlice' && group === 'discovery.k8s.io') {
      calico.addKubernetes(raw);
      continue;
    }
    if (group === ADMIN_POLICY_GROUP && ADMIN_POLICY_KINDS.has(raw.kind)) {
      calicoPolicies.push(describeUnevaluated(raw));
      continue;
    }
    if (raw.kind !== 'NetworkPolicy' && raw.kind.toLowerCase() === 'networkpolicy') {
      // The API server refuses an unknown kind; skipping it would silently drop the policy's denials.
      const unevaluated = describeUnevaluated(raw);
      throw new AnalyzerError(`The kind "${raw.kind}" is not a Kubernetes kind; write kind: NetworkPolicy (kinds are case-sensitive).`, {
        source: unevaluated.source,
        object: describeObject(raw.kind, unevaluated.name, unevaluated.namespace ?? 'default'),
      });
    }
    if (raw.kind === 'NetworkPolicy') {
      if (raw.apiVersion !== KUBERNETES_NETWORK_POLICY_API) {
        const unevaluated = describeUnevaluated(raw);
        throw new AnalyzerError(
          `${raw.apiVersion === '' ? 'The apiVersion is missing' : `The apiVersion "${raw.apiVersion}" is not supported`} for NetworkPolicy; write apiVersion: ${KUBERNETES_NETWORK_POLICY_API} (or projectcalico.org/v3 for a Calico policy).`,
          { source: unevaluated.source, object: describeObject('NetworkPolicy', unevaluated.name, unevaluated.namespace ?? 'default') },
        );
      }
      const policy = readNetworkPolicy(raw, warnings);
      const key = `${policy.namespace}/${policy.name}`;
      const previous = policies.get(key);
      if (previous !== undefined) {
        throw new AnalyzerError(
          `NetworkPolicy ${key} is defined twice (first at ${formatLocation(previous.source)}); names must be unique within a namespace. Rename or remove one.`,
          { source: policy.source, object: `NetworkPolicy ${key}` },
        );
      }
      policies.set(key, policy);
      continue;
    }
    const groups = KIND_GROUPS[raw.kind];
    // Items of typed lists may omit apiVersion; their list already said which API they belong to.
    if (groups === undefined || (raw.apiVersion !== '' && !groups.includes(group))) continue;
    if (raw.kind === 'Namespace') {
      const namespace = readNamespace(raw);
      const previous = namespaces.get(namespace.name);
      if (previous !== undefined) {
        throw new AnalyzerError(
          `Namespace ${namespace.name} is defined twice (first at ${formatLocation(previous.source!)}); remove the copy.`,
          { source: namespace.source, object: `Namespace ${namespace.name}` },
        );
      }
      namespaces.set(namespace.name, namespace);
    } else if (raw.kind === 'Pod') {
      collector.addPod(raw);
    } else if (WORKLOAD_TEMPLATE_PATHS[raw.kind] !== undefined) {
      collector.addWorkloadManifest(raw);
    }
  }

  const calicoObjects = calico.finish();
  const used = new Set([
    ...collector.namespaces(),
    ...[...policies.values()].map((p) => p.namespace),
    ...calicoObjects.policies.flatMap((p) => (p.namespace === undefined ? [] : [p.namespace])),
  ]);
  for (const name of [...used].sort()) {
    if (!namespaces.has(name)) namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name } });
  }
  const namespaceLabels = (name: string): Labels => namespaces.get(name)?.labels ?? { [NAMESPACE_NAME_LABEL]: name };
  const policyList = [...policies.values()];
  return {
    namespaces: [...namespaces.values()],
    workloads: collector.workloads(policyList, namespaceLabels),
    policies: policyList,
    calicoPolicies,
    calico: calicoObjects,
    warnings,
  };
}

/** Gathers Calico's objects, refusing duplicates and policies whose tier does not exist. */
class CalicoCollector {
  private readonly tiers = new Map<string, CalicoTier>();
  private readonly policies = new Map<string, CalicoPolicy>();
  private readonly staged: CalicoPolicy[] = [];
  private readonly networkSets = new Map<string, CalicoNetworkSet>();
  private readonly services: ServiceObject[] = [];
  private readonly serviceEndpoints: ServiceEndpoints[] = [];
  private readonly serviceAccounts: ServiceAccountObject[] = [];
  private readonly hostEndpoints: { name: string; source: { file: string; line?: number } }[] = [];
  /** Services and endpoints are read leniently: their names are not the analysis' business. */
  private readonly quiet: Warning[] = [];

  constructor(private readonly warnings: Warning[]) {}

  add(raw: RawObject): void {
    if (raw.kind === 'Tier') {
      const tier = readTier(raw, this.warnings);
      this.unique(this.tiers, tier.name, tier, 'Tier', tier.source ?? lazyLocation(raw.file, () => raw.line));
    } else if (CALICO_POLICY_KINDS.has(raw.kind)) {
      const policy = readCalicoPolicy(raw, this.warnings);
      if (raw.kind.startsWith('Staged')) {
        this.staged.push(policy);
        return;
      }
      const id = `${policy.kind} ${policy.namespace === undefined ? '' : `${policy.namespace}/`}${policy.name}`;
      this.unique(this.policies, id, policy, policy.kind, policy.source);
    } else if (raw.kind === 'NetworkSet' || raw.kind === 'GlobalNetworkSet') {
      const set = readNetworkSet(raw, this.warnings);
      this.unique(this.networkSets, `${set.kind} ${set.namespace ?? ''}/${set.name}`, set, set.kind, set.source);
    } else if (raw.kind === 'HostEndpoint') {
      const metadata = metadataOf(raw);
      this.hostEndpoints.push({ name: typeof metadata.name === 'string' ? metadata.name : '(unnamed)', source: lazyLocation(raw.file, () => raw.line) });
    }
    // Other Calico kinds (IPPool, FelixConfiguration, BGPPeer, …) do not decide pod-to-pod reachability.
  }

  addKubernetes(raw: RawObject): void {
    if (raw.kind === 'Service') this.services.push(readService(raw, this.quiet));
    else if (raw.kind === 'ServiceAccount') {
      const metadata = metadataOf(raw);
      if (typeof metadata.name !== 'string') return;
      const labels = isRecord(metadata.labels) ? Object.fromEntries(Object.entries(metadata.labels).filter(([, v]) => typeof v === 'string')) as Labels : {};
      this.serviceAccounts.push({ namespace: typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default', name: metadata.name, labels });
    } else {
      const endpoints = readServiceEndpoints(raw, this.quiet);
      if (endpoints !== undefined) this.serviceEndpoints.push(endpoints);
    }
  }

  finish(): CalicoObjects {
    for (const policy of this.policies.values()) {
      if (policy.tier === 'default' || this.tiers.has(policy.tier)) continue;
      throw new AnalyzerError(
        `Field spec.tier names the tier "${policy.tier}", which is not in the input; Calico refuses a policy whose tier does not exist, and without it the tier's order and defaultAction are unknown. ` +
          `Add the Tier manifest to the paths${this.tiers.size > 0 ? ` (tiers in the input: ${[...this.tiers.keys()].join(', ')})` : ''}, or use tier: default.`,
        { source: policy.source, object: describeObject(policy.kind, policy.name, policy.namespace) },
      );
    }
    return {
      tiers: [...this.tiers.values()],
      policies: [...this.policies.values()],
      staged: this.staged,
      networkSets: [...this.networkSets.values()],
      services: this.services,
      serviceEndpoints: this.serviceEndpoints,
      serviceAccounts: this.serviceAccounts,
      hostEndpoints: this.hostEndpoints,
    };
  }

  private unique<T>(map: Map<string, T>, key: string, value: T, kind: string, source: { file: string; line?: number }): void {
    const previous = map.get(key) as { source?: { file: string; line?: number } } | undefined;
    if (previous !== undefined) {
      throw new AnalyzerError(`${key.startsWith(kind) ? key : `${kind} ${key}`} is defined twice (first at ${formatLocation(previous.source ?? source)}); names must be unique. Rename or remove one.`, { source, object: key.startsWith(kind) ? key : `${kind} ${key}` });
    }
    map.set(key, value);
  }
}

function readNamespace(raw: RawObject): Namespace {
  const metadata = metadataOf(raw);
  const name = metadata.name;
  const reader: ObjectReader = new ObjectReader(raw, undefined, typeof name === 'string' ? name : '(unnamed)');
  if (typeof name !== 'string' || name === '') reader.fail(['metadata'], 'Field metadata.name is missing; every Namespace needs a name.');
  checkNamespaceName(reader, ['metadata', 'name'], name);
  const labels = readLabels(reader, ['metadata', 'labels'], metadata.labels, false);
  // The API server adds this label to every namespace; selectors commonly rely on it.
  return { name, labels: { ...labels, [NAMESPACE_NAME_LABEL]: name }, source: reader.source };
}

function describeUnevaluated(raw: RawObject): UnevaluatedPolicy {
  const metadata = metadataOf(raw);
  const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
  const namespaced = !raw.kind.startsWith('Global') && !ADMIN_POLICY_KINDS.has(raw.kind);
  const namespace = namespaced ? (typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default') : undefined;
  return { apiVersion: raw.apiVersion, kind: raw.kind, name, namespace, source: lazyLocation(raw.file, () => raw.line) };
}

function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The kinds whose fields the analysis reads (other objects are skipped). */
const READ_KINDS = new Set([
  'Namespace',
  'Pod',
  ...Object.keys(WORKLOAD_TEMPLATE_PATHS),
  ...CALICO_POLICY_KINDS,
  'Tier',
  'NetworkSet',
  'GlobalNetworkSet',
  'HostEndpoint',
  'Service',
  'Endpoints',
  'EndpointSlice',
  'ServiceAccount',
  ...ADMIN_POLICY_KINDS,
]);

/**
 * How many aliases a document may resolve (the `yaml` package's count: uses times the nesting of
 * aliases inside anchors). Manifests use a handful; a "billion laughs" document needs billions, and
 * walking such a value (to print it, or to check it) would take minutes and gigabytes.
 */
const MAX_ALIAS_COUNT = 10_000;
/** How deeply values may nest. Kubernetes objects nest a few dozen levels; parsers and printers recurse per level. */
export const MAX_NESTING = 500;
const STACK_OVERFLOW = /Maximum call stack size exceeded/;

/** Parses one file into Kubernetes objects, flattening lists; non-object documents are skipped. */
function parseSource(source: ManifestSource, warnings: Warning[], rereadLines: Reread, yamlCache: YamlDocumentCache | undefined): RawObject[] {
  const result: RawObject[] = [];
  // A byte order mark decoded as text (a caller that did not use decodeManifest) is not content.
  const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  // JSON (what `kubectl get -o json` writes) is read with JSON.parse, its lines found only when needed;
  // anything JSON.parse does not read exactly as the YAML parser would goes the YAML way.
  const bytes = source.bytes !== undefined && source.bytes.length === text.length ? source.bytes : undefined;
  const json = looksLikeJson(text) ? parseJson(text, MAX_NESTING, bytes) : undefined;
  if (json !== undefined) {
    const { positions } = json;
    const root = new JsonPlace(positions, undefined, '');
    if (json.deepest !== undefined) throw tooDeep(source.path, root.lineOf(json.deepest));
    refuseBareObjectList(json.value, root, source.path);
    collect(json.value, root, source.path, undefined, result);
    return result;
  }
  for (const doc of parsedYaml(text, source.path, yamlCache)) {
    for (const r of doc.reread) {
      if (r.line === undefined) continue;
      let lines = rereadLines.get(source.path);
      if (lines === undefined) {
        lines = new Map();
        rereadLines.set(source.path, lines);
      }
      lines.set(r.line, { text: r.text, value: r.value });
    }
    const before = result.length;
    collect(doc.value, treePlace(doc.lines), source.path, undefined, result);
    // Only documents the analysis reads get the warning: a ConfigMap's `mode: 0644` is its own business.
    if (result.slice(before).some((raw) => READ_KINDS.has(raw.kind))) {
      for (const r of doc.reread) {
        warnings.push({
          message: `The plain value ${excerptText(r.text, 40)} is read as ${describeScalar(r.value)}, as kubectl and the API server read YAML (go-yaml, YAML 1.1 rules), where YAML 1.2 tools read ${describeScalar(r.was)}. Write ${typeof r.value === 'string' ? `"${r.value}"` : describeScalar(r.value)} to say so plainly, or quote it if the text is meant.`,
          source: { file: source.path, line: r.line },
        });
      }
    }
  }
  return result;
}

/**
 * One YAML document as the analysis reads it, as plain data: its value, the lines of its nodes, and its
 * plain scalars read the go-yaml way (`line` where the parser gave a position).
 */
export interface ParsedYamlDocument {
  readonly value: unknown;
  readonly lines: LineTree | null;
  readonly reread: readonly { readonly line?: number; readonly text: string; readonly value: unknown; readonly was: unknown }[];
}

/**
 * Parsed YAML texts kept beyond this process (the CLI keeps them on disk: netpol/cli/yaml-cache.ts).
 * What parsing a text gives depends on the text alone; the file's path goes into messages, added by
 * the caller. `set` is given only documents that parsed without error.
 */
export interface YamlDocumentCache {
  get(text: string): readonly ParsedYamlDocument[] | undefined;
  set(text: string, documents: readonly ParsedYamlDocument[]): void;
}

/** How loadManifests reads its sources. */
export interface LoadOptions {
  /**
   * Parsed YAML texts to read instead of parsing them again, and to keep what is parsed in.
   * @default none: only this process's own memory of the texts it parsed
   */
  readonly yamlCache?: YamlDocumentCache;
}

/**
 * The parsed YAML texts of this process, by text: `netpol diff` reads two trees that share most of
 * their files, and a test suite reads dist/ many times. The values are frozen, so no reader can change
 * what another model sees. Texts that fail are not kept (their error names the path). Bounded: large
 * texts are not kept, and the oldest entries go first.
 */
const YAML_MEMORY = new Map<string, readonly ParsedYamlDocument[]>();
const YAML_MEMORY_TEXT_LIMIT = 8 * 1024 * 1024;
const YAML_MEMORY_FILE_LIMIT = 1024 * 1024;
let yamlMemoryText = 0;

function parsedYaml(text: string, file: string, cache: YamlDocumentCache | undefined): readonly ParsedYamlDocument[] {
  const remembered = YAML_MEMORY.get(text);
  if (remembered !== undefined) return remembered;
  let docs = cache?.get(text);
  if (docs === undefined) {
    docs = parseYamlText(text, file);
    cache?.set(text, docs);
  }
  for (const doc of docs) deepFreeze(doc);
  if (text.length <= YAML_MEMORY_FILE_LIMIT) {
    for (const [oldest] of YAML_MEMORY) {
      if (yamlMemoryText + text.length <= YAML_MEMORY_TEXT_LIMIT) break;
      YAML_MEMORY.delete(oldest);
      yamlMemoryText -= oldest.length;
    }
    YAML_MEMORY.set(text, docs);
    yamlMemoryText += text.length;
  }
  return docs;
}

function deepFreeze(value: unknown): void {
  const stack = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next !== 'object' || next === null || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const key in next) stack.push((next as Record<string, unknown>)[key]);
  }
}

/** Parses a YAML text into its documents, or throws the first problem with `file` and its line. */
function parseYamlText(text: string, file: string): ParsedYamlDocument[] {
  const { LineCounter, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  // kubectl's YAML reader (go-yaml) honours `<<` merge keys, which YAML 1.2 leaves out; manifests use them.
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, merge: true });
  const result: ParsedYamlDocument[] = [];
  for (const doc of Array.isArray(documents) ? documents : []) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const line = lineCounter.linePos(error.pos[0]).line;
      // The parser recurses per level of nesting and records running out of stack as a syntax error.
      if (STACK_OVERFLOW.test(error.message)) throw tooDeep(file, line);
      const firstLine = error.message.split('\n')[0];
      throw new AnalyzerError(`The file is not valid ${file.endsWith('.json') ? 'JSON/' : ''}YAML: ${excerptText(firstLine, 200)}. Fix the syntax, or move the file out of the analysed folders.`, {
        source: { file, line },
      });
    }
    // Plain data without undefined members, so the documents can be kept as JSON.
    const reread = readPlainScalarsAsKubernetes(doc).map(({ offset, text: source, value, was }) => ({
      text: source, value, was, ...(offset === undefined ? {} : { line: lineCounter.linePos(offset).line }),
    }));
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = (error as Error).message;
      if (STACK_OVERFLOW.test(message)) throw tooDeep(file, doc.range === undefined ? undefined : lineCounter.linePos(doc.range[0]).line);
      if (/Excessive alias count/.test(message)) {
        throw new AnalyzerError(
          `The document resolves its YAML aliases more than ${MAX_ALIAS_COUNT.toLocaleString('en')} times (aliases of anchors that hold aliases, as in a "billion laughs" attack), which no manifest needs. Write the values out, or alias fewer levels deep.`,
          { source: { file, line: firstAliasLine(doc, lineCounter) } },
        );
      }
      // toJS throws, rather than recording a document error, for an alias without its anchor and for a
      // merge (<<) of something other than maps; both are the file's fault, not the analyzer's.
      throw new AnalyzerError(`The file is not valid YAML: ${excerptText(message, 200)}. Fix the alias or merge key, or move the file out of the analysed folders.`, {
        source: { file, line: unresolvableLine(doc, lineCounter) },
      });
    }
    const lines = doc.contents === null ? null : lineTree(doc.contents as Node, lineCounter);
    const place = treePlace(lines);
    const deep = deepestPath(value);
    if (deep !== undefined) throw tooDeep(file, place.lineOf(deep));
    refuseBareObjectList(value, place, file);
    result.push({ value, lines, reread });
  }
  return result;
}

/**
 * Gives every plain scalar the value go-yaml v2 gives it (yaml-scalars.ts), where that differs from the
 * YAML 1.2 reading: `port: 010` is port 8 in the cluster, `hostNetwork: yes` is true. Scalars with an
 * explicit tag keep the tag's reading. Returns what changed, for the warnings.
 */
function readPlainScalarsAsKubernetes(doc: Document.Parsed): { offset?: number; text: string; value: unknown; was: unknown }[] {
  const changed: { offset?: number; text: string; value: unknown; was: unknown }[] = [];
  yaml().visit(doc, {
    Scalar(_, node) {
      if (node.type !== 'PLAIN' || node.tag !== undefined || typeof node.source !== 'string') return;
      const value = goYamlPlain(node.source);
      if (sameScalar(value, node.value)) return;
      changed.push({ offset: node.range?.[0], text: node.source, value, was: node.value });
      node.value = value;
    },
  });
  return changed;
}

function describeScalar(value: unknown): string {
  if (typeof value === 'string') return `the string "${excerptText(value, 40)}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return String(value);
}

function tooDeep(file: string, line: number | undefined): AnalyzerError {
  return new AnalyzerError(
    `The document nests values more than ${MAX_NESTING} levels deep; Kubernetes objects nest a few dozen at most. Check for brackets or indentation that run away, or leave the file out of the paths.`,
    { source: { file, line } },
  );
}

/** The path to a value nested more than MAX_NESTING levels deep, or undefined. */
function deepestPath(value: unknown): PathSegment[] | undefined {
  return measure(value, MAX_NESTING).deepest;
}

/** The line of the document's first alias. */
function firstAliasLine(doc: Document.Parsed, lineCounter: LineCounter): number | undefined {
  let offset: number | undefined;
  yaml().visit(doc, {
    Alias(_, alias) {
      offset = alias.range?.[0];
      return yaml().visit.BREAK;
    },
  });
  return lineCounter.linePos(offset ?? doc.range[0]).line;
}

/** Whether the text starts like a JSON document (an object or an array). */
function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) continue;
    return code === 0x7b || code === 0x5b;
  }
  return false;
}

/** A value of a parsed document, with the means to find its lines and its children's. */
interface Place {
  /** The line of the field at `path` below this value, or of its nearest existing ancestor. */
  lineOf(path: readonly PathSegment[]): number | undefined;
  child(segment: PathSegment): Place;
}

/** A place in a YAML document's line tree. */
function treePlace(tree: LineTree | null | undefined): Place {
  return {
    lineOf: (path) => lineInTree(tree, path),
    child: (segment) => treePlace(lineTreeChild(tree, segment)),
  };
}

/**
 * A place in JSON text: the root, or a child of a place; its offset is looked for only when a line is
 * asked for. A class rather than closures: a cluster's List has tens of thousands of items.
 */
class JsonPlace implements Place {
  private known?: number;

  constructor(
    private readonly positions: JsonText,
    private readonly parent: JsonPlace | undefined,
    private readonly segment: PathSegment,
  ) {}

  private offset(): number {
    return (this.known ??= this.parent === undefined ? this.positions.root : this.positions.offsetAt(this.parent.offset(), [this.segment]));
  }

  lineOf(path: readonly PathSegment[]): number | undefined {
    return this.positions.lineAt(this.positions.offsetAt(this.offset(), path));
  }

  child(segment: PathSegment): Place {
    return new JsonPlace(this.positions, this, segment);
  }
}

/**
 * Refuses a document that is a plain sequence of Kubernetes objects. kubectl rejects it, and skipping it
 * like other non-object documents would silently drop its policies and so over-report what is allowed.
 */
function refuseBareObjectList(value: unknown, place: Place, file: string): void {
  if (!Array.isArray(value)) return;
  const index = value.findIndex((item) => isRecord(item) && typeof item.kind === 'string' && typeof item.apiVersion === 'string');
  if (index < 0) return;
  throw new AnalyzerError(
    'The document is a list of Kubernetes objects rather than one object, which kubectl refuses. ' +
      'Separate the objects with "---" lines, or wrap them in a List (apiVersion: v1, kind: List, items: [...]).',
    { source: { file, line: place.lineOf([index]) } },
  );
}

/** The line of the first alias without an anchor, or of the first merge key whose value is not a map; else the document's first line. */
function unresolvableLine(doc: Document.Parsed, lineCounter: LineCounter): number | undefined {
  const { isAlias, isMap, isScalar, isSeq, visit } = yaml();
  let offset: number | undefined;
  const isMapSource = (n: unknown): boolean => isMap(n) || (isAlias(n) && isMap(n.resolve(doc)));
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined) return undefined;
      offset = alias.range?.[0];
      return visit.BREAK;
    },
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.source !== '<<') return undefined;
      if (isMapSource(pair.value) || (isSeq(pair.value) && pair.value.items.every(isMapSource))) return undefined;
      offset = pair.key.range?.[0];
      return visit.BREAK;
    },
  });
  const start = offset ?? doc.range[0];
  return lineCounter.linePos(start).line;
}

function collect(value: unknown, place: Place, file: string, inherited: { kind: string; apiVersion: string } | undefined, out: RawObject[]): void {
  if (!isRecord(value)) return;
  const kind = typeof value.kind === 'string' ? value.kind : inherited?.kind;
  // A NetworkPolicy that forgot its apiVersion is still meant as one; skipping it would silently allow
  // what it denies, so it goes on with an empty apiVersion, which loadManifests refuses.
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : (inherited?.apiVersion ?? (kind === 'NetworkPolicy' ? '' : undefined));
  // Without kind and apiVersion it is not a Kubernetes object (e.g. cdk8s construct metadata): skip it.
  if (kind === undefined || apiVersion === undefined) return;
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(value.items))) {
    const items = Array.isArray(value.items) ? value.items : [];
    const itemsPlace = place.child('items');
    const itemInheritance = kind === 'List' ? undefined : { kind: kind.slice(0, -'List'.length), apiVersion };
    items.forEach((item, index) => {
      // Items of a plain List must carry their own kind; typed lists imply it.
      collect(item, itemsPlace.child(index), file, itemInheritance ?? (isRecord(item) && typeof item.kind === 'string' ? { kind: item.kind, apiVersion: '' } : undefined), out);
    });
    return;
  }
  out.push(new CollectedObject(value, kind, apiVersion, file, place));
}

/** A RawObject as collect finds it; its line is looked for when first read. */
class CollectedObject implements RawObject {
  private known = false;
  private ownLine?: number;

  constructor(
    readonly value: Record<string, unknown>,
    readonly kind: string,
    readonly apiVersion: string,
    readonly file: string,
    private readonly place: Place,
  ) {}

  get line(): number | undefined {
    if (!this.known) {
      this.ownLine = this.place.lineOf([]);
      this.known = true;
    }
    return this.ownLine;
  }

  lineOf(path: readonly PathSegment[]): number | undefined {
    return this.place.lineOf(path);
  }
}
