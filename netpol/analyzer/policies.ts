import { excerpt } from './errors';
import { isCidrProblem, mergeIntervals, parseCidr, strictlyInside, subtractIntervals, type ParsedCidr } from './ip-blocks';
import { MAX_PORT, MIN_PORT } from './ports';
import { formatPath, identifyObject, isRecord, ObjectReader, type PathSegment, type RawObject } from './raw';
import { EVERYTHING, labelKeyProblem, labelValueProblem, suggestLabel } from './selectors';
import type {
  Direction,
  IpBlockPeer,
  IpInterval,
  Labels,
  LabelSelector,
  LabelSelectorRequirement,
  NetworkPolicy,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  Protocol,
  SelectorOperator,
  SelectorPeer,
  Warning,
} from './types';

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const PROTOCOL_NAMES: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

/** Turns a networking.k8s.io/v1 NetworkPolicy manifest into the model, refusing anything the API server would. */
export function readNetworkPolicy(raw: RawObject, warnings: Warning[]): NetworkPolicy {
  const identity = identifyObject(raw, true, warnings);
  // Annotated, so that TypeScript takes reader.fail (never) as the end of a path.
  const reader: ObjectReader = identity.reader;
  const { name, namespace } = identity;

  const spec: unknown = raw.value.spec ?? {};
  if (!isRecord(spec)) reader.fail(['spec'], 'Field spec must be an object.');

  const podSelector = spec.podSelector === undefined || spec.podSelector === null ? EVERYTHING : readSelector(reader, ['spec', 'podSelector'], spec.podSelector);
  const ingress = readRules(reader, spec, 'ingress', warnings);
  const egress = readRules(reader, spec, 'egress', warnings);

  let policyTypes: Direction[];
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > DIRECTIONS.length) {
    // ValidateNetworkPolicySpec: "may not specify more than two policyTypes".
    reader.fail(['spec', 'policyTypes'], `Field spec.policyTypes has ${spec.policyTypes.length} entries; the API server accepts at most two, Ingress and Egress, each once. Remove the others.`);
  }
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) {
    policyTypes = [];
    spec.policyTypes.forEach((type, index) => {
      const direction = DIRECTIONS.find((d) => d === type);
      if (direction === undefined) {
        const fix = DIRECTIONS.find((d) => typeof type === 'string' && d.toLowerCase() === type.toLowerCase());
        reader.fail(
          ['spec', 'policyTypes', index],
          `Field spec.policyTypes[${index}] is ${excerpt(type)}; it must be "Ingress" or "Egress"${fix ? ` (did you mean "${fix}"?)` : ''}.`,
        );
      }
      if (!policyTypes.includes(direction)) policyTypes.push(direction);
    });
  } else if (spec.policyTypes !== undefined && spec.policyTypes !== null && !Array.isArray(spec.policyTypes)) {
    reader.fail(['spec', 'policyTypes'], 'Field spec.policyTypes must be a list such as [Ingress, Egress].');
  } else {
    // The API server's defaulting: always Ingress, Egress only when egress rules exist.
    policyTypes = egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }

  return { namespace, name, podSelector, policyTypes, ingress, egress, source: reader.source };
}

function readRules(reader: ObjectReader, spec: Record<string, unknown>, field: 'ingress' | 'egress', warnings: Warning[]): PolicyRule[] {
  const rules = spec[field];
  if (rules === undefined || rules === null) return [];
  if (!Array.isArray(rules)) reader.fail(['spec', field], `Field spec.${field} must be a list of rules.`);
  const peerField = field === 'ingress' ? 'from' : 'to';
  return rules.map((rule, index): PolicyRule => {
    const path: PathSegment[] = ['spec', field, index];
    if (rule === null || rule === undefined) {
      return emptyRuleOf(new FieldLine(reader, path));
    }
    if (!isRecord(rule)) reader.fail(path, `Field ${formatPath(path)} must be an object with "${peerField}" and "ports".`);
    const peers = readList(reader, [...path, peerField], rule[peerField], (value, peerPath) => readPeer(reader, peerPath, value, warnings));
    const ports = readList(reader, [...path, 'ports'], rule.ports, (value, portPath) => readPort(reader, portPath, value));
    if (field === 'egress' && ports !== undefined && peers?.some((peer) => peer.type === 'ipBlock')) {
      // A named port is looked up in the destination pod's containers; an address outside the cluster has none.
      const named = ports.findIndex((port) => typeof port.port === 'string');
      if (named >= 0) {
        reader.fail(
          [...path, 'ports', named, 'port'],
          `Field ${formatPath([...path, 'ports', named, 'port'])} is the named port "${ports[named].port}", but the rule's peers include an ipBlock, and a named port cannot be resolved for an IP destination. Use the port number instead.`,
        );
      }
    }
    return ruleOf(peers, ports, new FieldLine(reader, path));
  });
}

/** An absent or empty list means "everything", so both come back as undefined. */
function readList<T>(reader: ObjectReader, path: PathSegment[], value: unknown, readItem: (item: unknown, itemPath: PathSegment[]) => T): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) reader.fail(path, `Field ${formatPath(path)} must be a list.`);
  if (value.length === 0) return undefined;
  return value.map((item, index) => readItem(item, [...path, index]));
}

function readPeer(reader: ObjectReader, path: PathSegment[], value: unknown, warnings: Warning[]): PolicyPeer {
  if (!isRecord(value)) reader.fail(path, `Field ${formatPath(path)} must be an object with podSelector, namespaceSelector or ipBlock.`);
  const has = (key: string) => value[key] !== undefined && value[key] !== null;
  const line = new FieldLine(reader, path);
  if (has('ipBlock')) {
    if (has('podSelector') || has('namespaceSelector')) {
      reader.fail(
        path,
        `Field ${formatPath(path)} sets ipBlock together with ${has('podSelector') ? 'podSelector' : 'namespaceSelector'}; a peer is either an ipBlock or selectors. Split it into two peers.`,
      );
    }
    return readIpBlock(reader, [...path, 'ipBlock'], value.ipBlock, warnings, line);
  }
  if (!has('podSelector') && !has('namespaceSelector')) {
    reader.fail(
      path,
      `Field ${formatPath(path)} is an empty peer {}, which the API server rejects. Use "podSelector: {}" for every pod of the namespace, "namespaceSelector: {}" for every pod of the cluster, or leave out "${path[path.length - 2]}" to allow every peer.`,
    );
  }
  const podSelector = has('podSelector') ? readSelector(reader, [...path, 'podSelector'], value.podSelector) : undefined;
  const namespaceSelector = has('namespaceSelector') ? readSelector(reader, [...path, 'namespaceSelector'], value.namespaceSelector) : undefined;
  return selectorPeerOf(podSelector, namespaceSelector, line);
}

/**
 * The line of a rule's or peer's field, worked out when first read. The model's rules and peers
 * carry it as an own, enumerable `line` (JSON output and test equality see it) defined with one
 * shared accessor: V8 keeps such objects in fast mode, where an object literal's getter, or a getter
 * per object, makes a dictionary of each (several times the memory and the time to make; a cluster
 * has tens of thousands of rules and peers).
 */
class FieldLine {
  private known = false;
  private line?: number;

  constructor(
    private readonly reader: ObjectReader,
    private readonly path: readonly PathSegment[],
  ) {}

  value(): number | undefined {
    if (!this.known) {
      this.line = this.reader.lineAt(this.path);
      this.known = true;
    }
    return this.line;
  }
}

/**
 * A rule or peer of the model, whose own enumerable `line` (defined by `locate`, which the subclass
 * calls after its other fields, so `line` comes last) is read from its FieldLine through the one
 * accessor all of them share.
 */
abstract class FieldLocated {
  declare readonly line?: number;
  #at?: FieldLine;

  protected locate(at: FieldLine): void {
    this.#at = at;
    Object.defineProperty(this, 'line', FieldLocated.line);
  }

  static readonly line: PropertyDescriptor = {
    get(this: FieldLocated) {
      return this.#at!.value();
    },
    enumerable: true,
    configurable: true,
  };
}

/** A rule of the model: `{}` (every peer and port) or `{peers, ports}`, then `line`. */
class Rule extends FieldLocated implements PolicyRule {
  declare readonly peers?: readonly PolicyPeer[];
  declare readonly ports?: readonly PolicyPort[];

  constructor(at: FieldLine, withFields: boolean, peers?: PolicyPeer[], ports?: PolicyPort[]) {
    super();
    if (withFields) {
      const self = this as { peers?: readonly PolicyPeer[]; ports?: readonly PolicyPort[] };
      self.peers = peers;
      self.ports = ports;
    }
    this.locate(at);
  }

}

/** A peer of the model: `{type: 'selector', podSelector, namespaceSelector}`, then `line`. */
class SelectorPeerObject extends FieldLocated implements SelectorPeer {
  declare readonly type: 'selector';
  declare readonly podSelector?: LabelSelector;
  declare readonly namespaceSelector?: LabelSelector;

  constructor(podSelector: LabelSelector | undefined, namespaceSelector: LabelSelector | undefined, at: FieldLine) {
    super();
    // Assigned in the order the model has always had (JSON output prints them so).
    const self = this as { type: 'selector'; podSelector?: LabelSelector; namespaceSelector?: LabelSelector };
    self.type = 'selector';
    self.podSelector = podSelector;
    self.namespaceSelector = namespaceSelector;
    this.locate(at);
  }

}

/** A peer of the model: `{type: 'ipBlock', cidr, except, intervals}`, then `line`. */
class IpBlockPeerObject extends FieldLocated implements IpBlockPeer {
  declare readonly type: 'ipBlock';
  declare readonly cidr: string;
  declare readonly except: readonly string[];
  declare readonly intervals: readonly IpInterval[];

  constructor(cidr: string, except: readonly string[], intervals: readonly IpInterval[], at: FieldLine) {
    super();
    const self = this as { type: 'ipBlock'; cidr: string; except: readonly string[]; intervals: readonly IpInterval[] };
    self.type = 'ipBlock';
    self.cidr = cidr;
    self.except = except;
    self.intervals = intervals;
    this.locate(at);
  }

}

function emptyRuleOf(at: FieldLine): PolicyRule {
  return new Rule(at, false);
}

function ruleOf(peers: PolicyPeer[] | undefined, ports: PolicyPort[] | undefined, at: FieldLine): PolicyRule {
  return new Rule(at, true, peers, ports);
}

function selectorPeerOf(podSelector: LabelSelector | undefined, namespaceSelector: LabelSelector | undefined, at: FieldLine): SelectorPeer {
  return new SelectorPeerObject(podSelector, namespaceSelector, at);
}

function ipBlockPeerOf(cidr: string, except: string[], intervals: IpInterval[], at: FieldLine): IpBlockPeer {
  return new IpBlockPeerObject(cidr, except, intervals, at);
}

function readIpBlock(reader: ObjectReader, path: PathSegment[], value: unknown, warnings: Warning[], line: FieldLine): IpBlockPeer {
  if (!isRecord(value)) reader.fail(path, `Field ${formatPath(path)} must be an object with "cidr" and optional "except".`);
  const cidrPath = [...path, 'cidr'];
  const cidr = value.cidr;
  if (cidr === undefined || cidr === null) reader.fail(cidrPath, `Field ${formatPath(cidrPath)} is missing; an ipBlock needs a CIDR such as "10.0.0.0/8".`);
  if (typeof cidr !== 'string') {
    reader.fail(cidrPath, `Field ${formatPath(cidrPath)} is ${typeof cidr === 'number' ? `the number ${cidr}` : excerpt(cidr)}, not a CIDR; write the block as a string with its prefix length, such as "10.0.0.0/8".`);
  }
  const block = checkCidr(reader, cidrPath, cidr);
  const exceptValue = value.except ?? [];
  if (!Array.isArray(exceptValue)) reader.fail([...path, 'except'], `Field ${formatPath([...path, 'except'])} must be a list of CIDRs.`);
  const except = exceptValue.map((item, index): string => {
    const itemPath = [...path, 'except', index];
    if (typeof item !== 'string') reader.fail(itemPath, `Field ${formatPath(itemPath)} must be a CIDR string such as "10.1.0.0/16".`);
    checkCidr(reader, itemPath, item);
    if (!strictlyInside(item, cidr)) {
      reader.fail(itemPath, `Field ${formatPath(itemPath)} is "${item}", which is not strictly inside the cidr "${cidr}"; every except must be a smaller block within the cidr.`);
    }
    return item;
  });
  if (block.family === 'ipv6') {
    warnings.push({
      message: `${reader.description}: Field ${formatPath(cidrPath)} "${cidr}" is IPv6; the analyzer models IPv4 external addresses only, so this block matches nothing here.`,
      source: reader.sourceAt(cidrPath),
    });
    return ipBlockPeerOf(cidr, except, [], line);
  }
  const holes: IpInterval[] = [];
  for (const item of except) {
    const parsed = parseCidr(item, { sloppy: true });
    if (!isCidrProblem(parsed) && parsed.family === 'ipv4') holes.push(parsed.interval);
  }
  return ipBlockPeerOf(cidr, except, mergeIntervals(subtractIntervals(block.interval, holes)), line);
}

/** A CIDR as the API server reads it (ParseCIDRSloppy: host bits accepted and dropped; lint warns about them). */
function checkCidr(reader: ObjectReader, path: PathSegment[], text: string): ParsedCidr {
  const parsed = parseCidr(text, { sloppy: true });
  if (isCidrProblem(parsed)) {
    const fix = parsed.suggestion ? ` Did you mean "${parsed.suggestion}"?` : '';
    reader.fail(path, `Field ${formatPath(path)} "${text}" is not a valid CIDR: ${parsed.problem}.${fix}`);
  }
  return parsed;
}

const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DIGITS = /^\d+$/;
const LETTER = /[a-z]/;
/** Port names already found valid (a cluster uses a handful, thousands of times). */
const VALID_PORT_NAMES = new Set<string>();

function readPort(reader: ObjectReader, path: PathSegment[], value: unknown): PolicyPort {
  if (!isRecord(value)) reader.fail(path, `Field ${formatPath(path)} must be an object with "port" and "protocol".`);
  const protocol = value.protocol === 'TCP' ? 'TCP' : readProtocol(reader, [...path, 'protocol'], value.protocol);
  const port = value.port;
  const endPort = value.endPort;
  const portPath = [...path, 'port'];
  const endPath = [...path, 'endPort'];
  if (port === undefined || port === null) {
    if (endPort !== undefined && endPort !== null) reader.fail(endPath, `Field ${formatPath(endPath)} is set but port is not; set port to the first port of the range.`);
    return { protocol };
  }
  if (typeof port === 'string' && !VALID_PORT_NAMES.has(port)) {
    if (DIGITS.test(port)) {
      reader.fail(portPath, `Field ${formatPath(portPath)} is the string "${port}", which Kubernetes reads as a port name and rejects. Write it as a number: port: ${Number(port)}.`);
    }
    if (port.length > 15 || !PORT_NAME.test(port) || !LETTER.test(port) || port.includes('--')) {
      reader.fail(
        portPath,
        `Field ${formatPath(portPath)} "${port}" is not a valid port name; a named port has at most 15 lower-case letters, digits or "-", at least one letter, and no leading, trailing or double "-".`,
      );
    }
    if (VALID_PORT_NAMES.size < 10_000) VALID_PORT_NAMES.add(port);
  }
  if (typeof port === 'string') {
    if (endPort !== undefined && endPort !== null) {
      reader.fail(endPath, `Field ${formatPath(endPath)} is set with the named port "${port}"; endPort needs a numeric port. Use the port number, or drop endPort.`);
    }
    return { protocol, port };
  }
  checkPortNumber(reader, portPath, port);
  if (endPort === undefined || endPort === null) return { protocol, port };
  checkPortNumber(reader, endPath, endPort);
  if (endPort < port) {
    reader.fail(endPath, `Field ${formatPath(endPath)} ${endPort} is below port ${port}; the range port..endPort must not be empty. Swap them: port: ${endPort}, endPort: ${port}.`);
  }
  return { protocol, port, endPort };
}

function checkPortNumber(reader: ObjectReader, path: PathSegment[], value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_PORT || value > MAX_PORT) {
    reader.fail(path, `Field ${formatPath(path)} is ${excerpt(value)}; a port must be a whole number from ${MIN_PORT} to ${MAX_PORT}.`);
  }
}

/** Reads a protocol field (TCP when absent); shared by policy ports and container ports. */
export function readProtocol(reader: ObjectReader, path: PathSegment[], value: unknown): Protocol {
  if (value === undefined || value === null) return 'TCP';
  const protocol = PROTOCOL_NAMES.find((p) => p === value);
  if (protocol === undefined) {
    const fix = PROTOCOL_NAMES.find((p) => typeof value === 'string' && p === value.toUpperCase());
    reader.fail(path, `Field ${formatPath(path)} is ${excerpt(value)}; it must be TCP, UDP or SCTP${fix ? ` (did you mean "${fix}"?)` : ''}.`);
  }
  return protocol;
}

/** Reads and validates a label selector. */
export function readSelector(reader: ObjectReader, path: PathSegment[], value: unknown): LabelSelector {
  if (!isRecord(value)) reader.fail(path, `Field ${formatPath(path)} must be an object with matchLabels and/or matchExpressions ({} selects everything).`);
  const matchLabels = readLabels(reader, path, value.matchLabels, true, 'matchLabels');
  const expressions = value.matchExpressions ?? [];
  if (!Array.isArray(expressions)) reader.fail([...path, 'matchExpressions'], `Field ${formatPath([...path, 'matchExpressions'])} must be a list.`);
  // Paths and field names are built only for a message: a cluster holds thousands of selectors.
  const matchExpressions = expressions.length === 0 ? [] : expressions.map((expression, index): LabelSelectorRequirement => {
    const expressionPath = [...path, 'matchExpressions', index];
    const where = () => formatPath(expressionPath);
    if (!isRecord(expression)) reader.fail(expressionPath, `Field ${where()} must be an object with key, operator and values.`);
    const key = expression.key;
    if (typeof key !== 'string') reader.fail(expressionPath, `Field ${where()}.key is missing; every expression needs a label key.`);
    checkLabelKey(reader, expressionPath, 'key', key);
    const operator = OPERATORS.find((o) => o === expression.operator);
    if (operator === undefined) {
      const fix = OPERATORS.find((o) => typeof expression.operator === 'string' && o.toLowerCase() === expression.operator.toLowerCase());
      reader.fail(
        [...expressionPath, 'operator'],
        `Field ${where()}.operator is ${excerpt(expression.operator)}; it must be In, NotIn, Exists or DoesNotExist${fix ? ` (did you mean "${fix}"?)` : ''}.`,
      );
    }
    const valuesPath = [...expressionPath, 'values'];
    const rawValues = expression.values ?? [];
    if (!Array.isArray(rawValues)) reader.fail(valuesPath, `Field ${where()}.values must be a list of strings.`);
    const values = rawValues.map((item, valueIndex) => {
      if (typeof item !== 'string') {
        reader.fail([...valuesPath, valueIndex], `Field ${where()}.values[${valueIndex}] is ${excerpt(item)}; ${labelValueFix(item)}`);
      }
      checkLabelValue(reader, valuesPath, valueIndex, key, item);
      return item;
    });
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      reader.fail(valuesPath, `Field ${where()} uses ${operator} with no values; ${operator} needs at least one value (or use ${operator === 'In' ? 'Exists' : 'DoesNotExist'}).`);
    }
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      reader.fail(valuesPath, `Field ${where()} uses ${operator} with values; ${operator} takes none. Drop values, or use ${operator === 'Exists' ? 'In' : 'NotIn'}.`);
    }
    return { key, operator, values };
  });
  return { matchLabels, matchExpressions };
}

/**
 * Reads a label map. Label values are strings in the API; YAML turns `version: 1` into a number, which
 * kubectl refuses, so the analyzer does too rather than guess.
 */
export function readLabels(reader: ObjectReader, path: PathSegment[], value: unknown, validate: boolean, field?: string): Labels {
  if (value === undefined || value === null) return {};
  const at = (): PathSegment[] => (field === undefined ? path : [...path, field]);
  if (!isRecord(value)) reader.fail(at(), `Field ${formatPath(at())} must be a map of label keys to string values.`);
  const labels: Record<string, string> = {};
  for (const key in value) {
    const labelValue = value[key];
    if (typeof labelValue !== 'string') {
      reader.fail([...at(), key], `Field ${formatPath([...at(), key])} is ${excerpt(labelValue)}; ${labelValueFix(labelValue)}`);
    }
    if (validate) {
      checkLabelKey(reader, at(), key, key);
      checkLabelValue(reader, at(), key, key, labelValue);
    }
    labels[key] = labelValue;
  }
  return labels;
}

/**
 * The fix for a label value that is not a string. Quoting is right for YAML's numbers and booleans; an
 * empty value (`app:`) or a nested map or list needs a different fix, and quoting it would print nonsense.
 */
function labelValueFix(value: unknown): string {
  if (value === null || value === undefined) return 'label values are strings; write "" for an empty value, or give the value.';
  if (typeof value === 'object') return 'label values are strings, not maps or lists; give one string value (check the indentation).';
  return `label values are strings, so quote it: "${String(value)}".`;
}

/** Label keys and values already found valid: clusters repeat a few hundred of them thousands of times. */
const VALID_KEYS = new Set<string>();
const VALID_VALUES = new Set<string>();

/** Checks `key`, the label key at `[...parent, segment]`. */
function checkLabelKey(reader: ObjectReader, parent: readonly PathSegment[], segment: PathSegment, key: string): void {
  if (VALID_KEYS.has(key)) return;
  const problem = labelKeyProblem(key);
  if (problem !== undefined) {
    const fix = suggestLabel(key);
    reader.fail([...parent, segment], `Label key "${key}" in ${formatPath(parent)} is invalid: ${problem}.${fix ? ` Did you mean "${fix}"?` : ''}`);
  }
  if (VALID_KEYS.size < 100_000) VALID_KEYS.add(key);
}

/** Checks `value`, the label value at `[...parent, segment]` (for `key`). */
function checkLabelValue(reader: ObjectReader, parent: readonly PathSegment[], segment: PathSegment, key: string, value: string): void {
  if (VALID_VALUES.has(value)) return;
  const problem = labelValueProblem(value);
  if (problem !== undefined) {
    const fix = suggestLabel(value);
    reader.fail([...parent, segment], `Label value "${value}" for key "${key}" in ${formatPath(parent)} is invalid: ${problem}.${fix ? ` Did you mean "${fix}"?` : ''}`);
  }
  if (VALID_VALUES.size < 100_000) VALID_VALUES.add(value);
}
