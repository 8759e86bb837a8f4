import { excerpt } from '../errors';
import { isCidrProblem, mergeIntervals, parseCidr, parseIpv4 } from '../ip-blocks';
import { readLabels } from '../policies';
import { formatPath, identifyObject, isRecord, metadataOf, ObjectReader, withLazyLine, type PathSegment, type RawObject } from '../raw';
import type { Direction, IpInterval, Labels, Warning } from '../types';
import {
  CALICO_ACTIONS,
  DEFAULT_TIER,
  type CalicoAction,
  type CalicoNetworkSet,
  type CalicoPolicy,
  type CalicoPolicyKind,
  type CalicoPort,
  type CalicoProtocol,
  type CalicoRule,
  type CalicoTier,
  type EntityRule,
  type IcmpMatch,
  type ServiceAccountMatch,
  type ServiceEndpoints,
  type ServiceObject,
} from './model';
import { parseSelector, SelectorSyntaxError, usesGlobal, type CalicoSelector } from './selector';

/**
 * Readers for Calico's objects, refusing what Calico's API server and validator
 * (libcalico-go/lib/validator/v3/validator.go, the CRD schemas) refuse. Each failure names the file,
 * line, object, the bad value and what would be right.
 */

const PROTOCOL_NAMES: Readonly<Record<string, number>> = { TCP: 6, UDP: 17, ICMP: 1, ICMPv6: 58, SCTP: 132, UDPLite: 136 };
const PORT_PROTOCOLS = new Set([6, 17, 132]);
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;

const POLICY_SPEC_FIELDS: Readonly<Record<string, readonly string[]>> = {
  NetworkPolicy: ['order', 'tier', 'selector', 'serviceAccountSelector', 'types', 'ingress', 'egress', 'performanceHints'],
  GlobalNetworkPolicy: ['order', 'tier', 'selector', 'namespaceSelector', 'serviceAccountSelector', 'types', 'ingress', 'egress', 'doNotTrack', 'preDNAT', 'applyOnForward', 'performanceHints'],
};
const RULE_FIELDS = ['action', 'protocol', 'notProtocol', 'icmp', 'notICMP', 'ipVersion', 'source', 'destination', 'http', 'metadata'];
const ENTITY_FIELDS = ['nets', 'notNets', 'selector', 'notSelector', 'namespaceSelector', 'ports', 'notPorts', 'serviceAccounts', 'services'];

function specOf(reader: ObjectReader, raw: RawObject, allowed: readonly string[]): Record<string, unknown> {
  const spec: unknown = raw.value.spec ?? {};
  if (!isRecord(spec)) reader.fail(['spec'], 'Field spec must be an object.');
  checkFields(reader, ['spec'], spec, allowed);
  return spec;
}

/** Refuses a field the schema does not have (a typo would otherwise silently change the meaning). */
function checkFields(reader: ObjectReader, path: PathSegment[], value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const near = allowed.find((a) => a.toLowerCase() === key.toLowerCase() || a.toLowerCase() === `${key.toLowerCase()}s` || `${a.toLowerCase()}s` === key.toLowerCase());
    reader.fail([...path, key], `Field ${formatPath([...path, key])} is not a field of a ${reader.raw.kind}${near ? `; did you mean "${near}"?` : `; the fields here are ${allowed.join(', ')}.`}`);
  }
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function readSelectorField(reader: ObjectReader, path: PathSegment[], value: unknown, role: 'policy' | 'rule' | 'namespace'): CalicoSelector | undefined {
  if (!present(value)) return undefined;
  // Field paths are built for a message only (`where()`): the happy path reads thousands of rules.
  const where = () => formatPath(path);
  if (typeof value !== 'string') reader.fail(path, `Field ${where()} is ${excerpt(value)}; a Calico selector is a string such as "app == 'web'".`);
  let selector: CalicoSelector;
  try {
    selector = parseSelector(value);
  } catch (error) {
    if (!(error instanceof SelectorSyntaxError)) throw error;
    const pointer = `${value.slice(0, error.offset)}⟨here⟩${value.slice(error.offset)}`;
    reader.fail(path, `Field ${where()} "${value}" is not a valid Calico selector: ${error.reason} (at character ${error.offset + 1}: "${pointer}"). ` +
      `Write it in Calico's selector syntax, e.g. app == 'web' && tier in {'a', 'b'}, has(team), all().`);
  }
  if (role !== 'namespace' && usesGlobal(selector.root)) {
    reader.fail(path, `Field ${where()} "${value}" uses global(), which Calico accepts only as a rule's namespaceSelector (to match non-namespaced resources). Use all() here, or move global() to namespaceSelector.`);
  }
  if (role === 'namespace' && usesGlobal(selector.root) && selector.root.op !== 'global') {
    reader.fail(path, `Field ${where()} "${value}" combines global() with other terms; Calico accepts global() only alone as a namespaceSelector. Write namespaceSelector: global().`);
  }
  return selector;
}

function readOrder(reader: ObjectReader, path: PathSegment[], value: unknown): number | undefined {
  if (!present(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    reader.fail(path, `Field ${formatPath(path)} is ${excerpt(value)}; order is a number (a float such as 100 or 1000.5), or leave it out to sort last.`);
  }
  return value;
}

function readBoolean(reader: ObjectReader, path: PathSegment[], value: unknown): boolean {
  if (!present(value)) return false;
  if (typeof value !== 'boolean') reader.fail(path, `Field ${formatPath(path)} is ${excerpt(value)}; it must be true or false.`);
  return value;
}

function readTierName(reader: ObjectReader, path: PathSegment[], value: unknown): string {
  if (!present(value) || value === '') return DEFAULT_TIER;
  if (typeof value !== 'string') reader.fail(path, `Field ${formatPath(path)} is ${excerpt(value)}; it must be the name of a Tier.`);
  return value;
}

/** Tier: order (float, optional) and defaultAction (Deny unless Pass). */
export function readTier(raw: RawObject, warnings: Warning[]): CalicoTier {
  const identity = identifyObject(raw, false, warnings);
  const reader: ObjectReader = identity.reader;
  const { name } = identity;
  const spec = specOf(reader, raw, ['order', 'defaultAction']);
  const order = readOrder(reader, ['spec', 'order'], spec.order);
  let defaultAction: 'Deny' | 'Pass' = 'Deny';
  if (present(spec.defaultAction)) {
    if (spec.defaultAction !== 'Deny' && spec.defaultAction !== 'Pass') {
      const fix = ['Deny', 'Pass'].find((a) => typeof spec.defaultAction === 'string' && a.toLowerCase() === spec.defaultAction.toLowerCase());
      reader.fail(['spec', 'defaultAction'], `Field spec.defaultAction is ${excerpt(spec.defaultAction)}; a tier's defaultAction is Deny or Pass${fix ? ` (did you mean "${fix}"?)` : ''}.`);
    }
    defaultAction = spec.defaultAction as 'Deny' | 'Pass';
  }
  const fixed: Readonly<Record<string, number>> = { default: 1_000_000, adminnetworkpolicy: 1_000, baselineadminnetworkpolicy: 10_000_000 };
  if (fixed[name] !== undefined && order !== fixed[name]) {
    reader.fail(['spec', 'order'], `Tier ${name} has order ${order === undefined ? '(none)' : order}; Calico requires the ${name} tier's order to be ${fixed[name]}.`);
  }
  return { name, order, defaultAction, source: reader.source };
}

/** NetworkPolicy, GlobalNetworkPolicy and their Staged forms (StagedKubernetesNetworkPolicy is only noted). */
export function readCalicoPolicy(raw: RawObject, warnings: Warning[]): CalicoPolicy {
  const kind = raw.kind as CalicoPolicyKind;
  const global = kind === 'GlobalNetworkPolicy' || kind === 'StagedGlobalNetworkPolicy';
  const staged = kind.startsWith('Staged');
  const identity = identifyObject(raw, !global, warnings);
  const reader: ObjectReader = identity.reader;
  const { name, namespace } = identity;
  if (kind === 'StagedKubernetesNetworkPolicy') {
    return { kind, apiVersion: raw.apiVersion, namespace, name, tier: DEFAULT_TIER, selector: parseSelector(''), types: [], ingress: [], egress: [], preDNAT: false, doNotTrack: false, applyOnForward: false, source: reader.source };
  }
  const fields = [...POLICY_SPEC_FIELDS[global ? 'GlobalNetworkPolicy' : 'NetworkPolicy'], ...(staged ? ['stagedAction'] : [])];
  const spec = specOf(reader, raw, fields);
  const tier = readTierName(reader, ['spec', 'tier'], spec.tier);
  const order = readOrder(reader, ['spec', 'order'], spec.order);
  const selector = readSelectorField(reader, ['spec', 'selector'], spec.selector, 'policy') ?? parseSelector('');
  const namespaceSelector = global ? readSelectorField(reader, ['spec', 'namespaceSelector'], spec.namespaceSelector, 'policy') : undefined;
  const serviceAccountSelector = readSelectorField(reader, ['spec', 'serviceAccountSelector'], spec.serviceAccountSelector, 'policy');
  const ingress = readRules(reader, spec, 'ingress', global);
  const egress = readRules(reader, spec, 'egress', global);
  const types = readTypes(reader, spec.types, ingress.length, egress.length);
  const preDNAT = readBoolean(reader, ['spec', 'preDNAT'], spec.preDNAT);
  const doNotTrack = readBoolean(reader, ['spec', 'doNotTrack'], spec.doNotTrack);
  const applyOnForward = readBoolean(reader, ['spec', 'applyOnForward'], spec.applyOnForward);
  if (preDNAT && doNotTrack) reader.fail(['spec', 'preDNAT'], 'Fields spec.preDNAT and spec.doNotTrack are both true; Calico allows at most one of them. Drop one.');
  if ((preDNAT || doNotTrack) && !applyOnForward) {
    reader.fail(['spec', preDNAT ? 'preDNAT' : 'doNotTrack'], `Field spec.${preDNAT ? 'preDNAT' : 'doNotTrack'} is true but spec.applyOnForward is not; Calico requires applyOnForward: true with preDNAT or doNotTrack.`);
  }
  if (preDNAT && (egress.length > 0 || types.includes('Egress'))) {
    reader.fail(['spec', egress.length > 0 ? 'egress' : 'types'], 'A preDNAT policy cannot have egress rules or the Egress type; Calico applies preDNAT policy to traffic entering a host only. Remove the egress part.');
  }
  if (!staged && tier !== DEFAULT_TIER && !name.startsWith(`${tier}.`)) {
    warnings.push({
      message: `${reader.description}: Field metadata.name "${name}" does not start with its tier's name "${tier}."; Calico v3.31's API server refuses a tiered policy whose name lacks the "${tier}." prefix. Rename it to "${tier}.${name}".`,
      source: reader.sourceAt(['metadata', 'name']),
    });
  }
  return { kind, apiVersion: raw.apiVersion, namespace, name, tier, order, selector, namespaceSelector, serviceAccountSelector, types, ingress, egress, preDNAT, doNotTrack, applyOnForward, source: reader.source };
}

function readTypes(reader: ObjectReader, value: unknown, ingressRules: number, egressRules: number): Direction[] {
  if (!present(value) || (Array.isArray(value) && value.length === 0)) {
    // api/pkg/defaults/networkpolicy.go: Ingress unless there are egress rules; both when both exist.
    if (egressRules === 0) return ['Ingress'];
    return ingressRules === 0 ? ['Egress'] : ['Ingress', 'Egress'];
  }
  if (!Array.isArray(value)) reader.fail(['spec', 'types'], 'Field spec.types must be a list such as [Ingress, Egress].');
  const types: Direction[] = [];
  value.forEach((type, index) => {
    const direction = (['Ingress', 'Egress'] as const).find((d) => d === type);
    if (direction === undefined) {
      const fix = ['Ingress', 'Egress'].find((d) => typeof type === 'string' && d.toLowerCase() === type.toLowerCase());
      reader.fail(['spec', 'types', index], `Field spec.types[${index}] is ${excerpt(type)}; it must be Ingress or Egress${fix ? ` (did you mean "${fix}"?)` : ''}.`);
    }
    if (types.includes(direction)) reader.fail(['spec', 'types', index], `Field spec.types[${index}] "${direction}" is listed twice; Calico refuses a repeated type. Remove the copy.`);
    types.push(direction);
  });
  return types;
}

function readRules(reader: ObjectReader, spec: Record<string, unknown>, field: 'ingress' | 'egress', global: boolean): CalicoRule[] {
  const value = spec[field];
  if (!present(value)) return [];
  if (!Array.isArray(value)) reader.fail(['spec', field], `Field spec.${field} must be a list of rules.`);
  return value.map((rule, index) => readRule(reader, ['spec', field, index], rule, field, index, global));
}

function readRule(reader: ObjectReader, path: PathSegment[], value: unknown, direction: 'ingress' | 'egress', index: number, global: boolean): CalicoRule {
  const where = () => formatPath(path);
  if (!isRecord(value)) reader.fail(path, `Field ${where()} must be a rule object with at least "action".`);
  checkFields(reader, path, value, RULE_FIELDS);
  const action = readAction(reader, [...path, 'action'], value.action);
  const protocol = readProtocolField(reader, [...path, 'protocol'], value.protocol);
  const notProtocol = readProtocolField(reader, [...path, 'notProtocol'], value.notProtocol);
  const icmp = readIcmp(reader, [...path, 'icmp'], value.icmp);
  const notICMP = readIcmp(reader, [...path, 'notICMP'], value.notICMP);
  const undecided: string[] = [];
  let neverMatches: string | undefined;
  if ((icmp !== undefined || notICMP !== undefined) && (protocol === undefined || (protocol.number !== 1 && protocol.number !== 58))) {
    reader.fail([...path, icmp !== undefined ? 'icmp' : 'notICMP'], `Field ${where()}.${icmp !== undefined ? 'icmp' : 'notICMP'} is set but the rule's protocol is ${protocol === undefined ? 'not set' : `"${protocol.text}"`}; ICMP type and code need protocol: ICMP (or ICMPv6).`);
  }
  let ipVersion: number | undefined;
  if (present(value.ipVersion)) {
    if (value.ipVersion !== 4 && value.ipVersion !== 6) reader.fail([...path, 'ipVersion'], `Field ${where()}.ipVersion is ${excerpt(value.ipVersion)}; it must be 4 or 6.`);
    ipVersion = value.ipVersion;
    if (ipVersion === 6) neverMatches = 'ipVersion: 6 (IPv6 only; the analyzer models IPv4)';
  }
  if (protocol?.number === 1 && ipVersion === 6) reader.fail([...path, 'ipVersion'], `Field ${where()}.ipVersion is 6 with protocol ICMP; Calico requires ipVersion 4 with ICMP (use ICMPv6 for IPv6).`);
  if (protocol?.number === 58) {
    if (ipVersion === 4) reader.fail([...path, 'ipVersion'], `Field ${where()}.ipVersion is 4 with protocol ICMPv6; Calico requires ipVersion 6 with ICMPv6 (use ICMP for IPv4).`);
    neverMatches ??= 'protocol ICMPv6 (IPv6 only; the analyzer models IPv4)';
  }
  const source = readEntity(reader, [...path, 'source'], value.source, protocol, 'source');
  const destination = readEntity(reader, [...path, 'destination'], value.destination, protocol, 'destination');
  // The v4/v6 mix rule of validateRule: one rule's nets are all IPv4 or all IPv6.
  const families = [source.families, destination.families].flat();
  if (families.includes('ipv4') && families.includes('ipv6')) {
    reader.fail(path, `Rule ${where()} mixes IPv4 and IPv6 CIDRs in nets/notNets; Calico refuses that. Split it into one rule per IP version.`);
  }
  if (families.includes('ipv6') && ipVersion === 4) reader.fail([...path, 'ipVersion'], `Rule ${where()} has ipVersion 4 but IPv6 nets; make them agree.`);
  if (source.ipv6Only || destination.ipv6Only) neverMatches ??= 'its nets are IPv6 only (the analyzer models IPv4)';
  if (direction === 'egress' && source.entity.services !== undefined) reader.fail([...path, 'source', 'services'], `Field ${where()}.source.services is not allowed in an egress rule; Calico takes a Service only as an egress destination or an ingress source.`);
  if (direction === 'ingress' && destination.entity.services !== undefined) reader.fail([...path, 'destination', 'services'], `Field ${where()}.destination.services is not allowed in an ingress rule; Calico takes a Service only as an egress destination or an ingress source.`);
  for (const [side, entity] of [['source', source.entity], ['destination', destination.entity]] as const) {
    if (entity.services !== undefined && entity.services.namespace === '' && global) {
      reader.fail([...path, side, 'services', 'namespace'], `Field ${where()}.${side}.services.namespace is missing; in a GlobalNetworkPolicy a Service needs its namespace.`);
    }
  }
  if (present(value.http)) {
    if (!isRecord(value.http)) reader.fail([...path, 'http'], `Field ${where()}.http must be an object with methods and/or paths.`);
    if (action !== 'Allow') reader.fail([...path, 'http'], `Field ${where()}.http is set on a ${action} rule; Calico accepts HTTP match on Allow rules only.`);
    if (direction === 'egress') reader.fail([...path, 'http'], `Field ${where()}.http is set on an egress rule; Calico accepts HTTP match on ingress rules only.`);
    if (protocol !== undefined && protocol.number !== 6) reader.fail([...path, 'protocol'], `Field ${where()}.protocol is "${protocol.text}" with an HTTP match; HTTP needs protocol TCP.`);
    undecided.push('its HTTP match (methods, paths) is decided per request by the application layer, which cannot be known offline: the connection is counted as Felix counts it, at layer 4');
  }
  const sourcePorts = direction === 'ingress' ? source.entity : source.entity;
  if (sourcePorts.ports !== undefined || sourcePorts.notPorts !== undefined) {
    undecided.push('its source.ports/notPorts depend on the source port a client picks, which cannot be known offline: the analysis takes the source port to be ephemeral (32768-60999, Linux\'s default range) and counts the rule as matching only if that holds for the whole range');
  }
  return withLazyLine({
    action,
    index,
    protocol,
    notProtocol,
    icmp,
    notICMP,
    source: source.entity,
    destination: destination.entity,
    neverMatches,
    undecided,
  }, () => reader.lineAt(path));
}

function readAction(reader: ObjectReader, path: PathSegment[], value: unknown): CalicoAction {
  const action = CALICO_ACTIONS.find((a) => a === value);
  if (action === undefined) {
    const fix = CALICO_ACTIONS.find((a) => typeof value === 'string' && a.toLowerCase() === value.toLowerCase()) ??
      (value === 'Accept' || value === 'accept' ? 'Allow' : value === 'Drop' || value === 'Reject' || value === 'drop' ? 'Deny' : value === 'next-tier' ? 'Pass' : undefined);
    reader.fail(path, `Field ${formatPath(path)} is ${value === undefined ? 'missing' : excerpt(value)}; a Calico rule's action is Allow, Deny, Log or Pass${fix ? ` (did you mean "${fix}"?)` : ''}.`);
  }
  return action;
}

function readProtocolField(reader: ObjectReader, path: PathSegment[], value: unknown): CalicoProtocol | undefined {
  if (!present(value)) return undefined;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 255) reader.fail(path, `Field ${formatPath(path)} is ${value}; a protocol number is a whole number from 1 to 255.`);
    return { number: value, text: String(value) };
  }
  if (typeof value === 'string') {
    // numorstring.ProtocolFromString: names match case-insensitively; a string of digits is a number.
    if (/^\d+$/.test(value)) return readProtocolField(reader, path, Number(value));
    const name = Object.keys(PROTOCOL_NAMES).find((n) => n.toLowerCase() === value.toLowerCase());
    if (name !== undefined) return { number: PROTOCOL_NAMES[name], text: name };
  }
  reader.fail(path, `Field ${formatPath(path)} is ${excerpt(value)}; a Calico protocol is TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number from 1 to 255.`);
}

function readIcmp(reader: ObjectReader, path: PathSegment[], value: unknown): IcmpMatch | undefined {
  if (!present(value)) return undefined;
  const where = () => formatPath(path);
  if (!isRecord(value)) reader.fail(path, `Field ${where()} must be an object with type and optional code.`);
  checkFields(reader, path, value, ['type', 'code']);
  const read = (key: 'type' | 'code', max: number): number | undefined => {
    const v = value[key];
    if (!present(v)) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) reader.fail([...path, key], `Field ${where()}.${key} is ${excerpt(v)}; an ICMP ${key} is a whole number from 0 to ${max}.`);
    return v;
  };
  const type = read('type', 254);
  const code = read('code', 255);
  if (code !== undefined && type === undefined) reader.fail([...path, 'code'], `Field ${where()}.code is set without a type; Calico needs the ICMP type whenever a code is given (e.g. type: 8, code: 0).`);
  return { type, code };
}

interface EntityRead {
  readonly entity: EntityRule;
  readonly families: ('ipv4' | 'ipv6')[];
  /** Every net of a nets/notNets field is IPv6, so Felix drops the rule for IPv4. */
  readonly ipv6Only: boolean;
}

function readEntity(reader: ObjectReader, path: PathSegment[], value: unknown, protocol: CalicoProtocol | undefined, side: 'source' | 'destination'): EntityRead {
  if (!present(value)) return { entity: {}, families: [], ipv6Only: false };
  const where = () => formatPath(path);
  if (!isRecord(value)) reader.fail(path, `Field ${where()} must be an object (nets, selector, ports, …).`);
  checkFields(reader, path, value, ENTITY_FIELDS);
  const families: ('ipv4' | 'ipv6')[] = [];
  let ipv6Only = false;
  const readNets = (key: 'nets' | 'notNets'): { intervals?: IpInterval[]; text?: string[] } => {
    const list = value[key];
    if (!present(list)) return {};
    if (!Array.isArray(list)) reader.fail([...path, key], `Field ${where()}.${key} must be a list of CIDRs such as ["10.0.0.0/8"].`);
    const intervals: IpInterval[] = [];
    let v4 = 0;
    list.forEach((item, index) => {
      const itemPath = [...path, key, index];
      if (typeof item !== 'string') reader.fail(itemPath, `Field ${formatPath(itemPath)} is ${excerpt(item)}; it must be a CIDR string such as "10.0.0.0/8".`);
      const parsed = parseCalicoCidr(item);
      if (typeof parsed === 'string') reader.fail(itemPath, `Field ${formatPath(itemPath)} "${item}" is not a valid CIDR: ${parsed}.`);
      if (parsed.family === 'ipv6') {
        families.push('ipv6');
        if (key === 'notNets' && /^::\/0$/.test(item)) reader.fail(itemPath, `Field ${formatPath(itemPath)} "${item}" negates every address, so the rule matches nothing; Calico refuses a catch-all CIDR in notNets. Remove it.`);
        return;
      }
      families.push('ipv4');
      if (key === 'notNets' && parsed.interval.start === 0 && parsed.interval.end === 2 ** 32 - 1) {
        reader.fail(itemPath, `Field ${formatPath(itemPath)} "${item}" negates every address, so the rule matches nothing; Calico refuses a catch-all CIDR in notNets. Remove it.`);
      }
      v4++;
      intervals.push(parsed.interval);
    });
    if (list.length > 0 && v4 === 0) ipv6Only = true;
    return { intervals: list.length === 0 ? undefined : mergeIntervals(intervals), text: list.length === 0 ? undefined : (list as string[]) };
  };
  const nets = readNets('nets');
  const notNets = readNets('notNets');
  const selector = readSelectorField(reader, [...path, 'selector'], value.selector, 'rule');
  const notSelector = readSelectorField(reader, [...path, 'notSelector'], value.notSelector, 'rule');
  const namespaceSelector = readSelectorField(reader, [...path, 'namespaceSelector'], value.namespaceSelector, 'namespace');
  const ports = readPorts(reader, [...path, 'ports'], value.ports, protocol);
  const notPorts = readPorts(reader, [...path, 'notPorts'], value.notPorts, protocol);
  let serviceAccounts: ServiceAccountMatch | undefined;
  if (present(value.serviceAccounts)) {
    const sa = value.serviceAccounts;
    const saPath = [...path, 'serviceAccounts'];
    if (!isRecord(sa)) reader.fail(saPath, `Field ${formatPath(saPath)} must be an object with names and/or selector.`);
    checkFields(reader, saPath, sa, ['names', 'selector']);
    const names = sa.names ?? [];
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) reader.fail([...saPath, 'names'], `Field ${formatPath([...saPath, 'names'])} must be a list of service account names.`);
    serviceAccounts = { names: names as string[], selector: readSelectorField(reader, [...saPath, 'selector'], sa.selector, 'rule') };
  }
  let services: EntityRule['services'];
  if (present(value.services)) {
    const s = value.services;
    const sPath = [...path, 'services'];
    if (!isRecord(s)) reader.fail(sPath, `Field ${formatPath(sPath)} must be an object with name and namespace.`);
    checkFields(reader, sPath, s, ['name', 'namespace']);
    if (typeof s.name !== 'string' || s.name === '') reader.fail(sPath, `Field ${formatPath(sPath)}.name is missing; name the Service.`);
    const namespace = typeof s.namespace === 'string' ? s.namespace : '';
    const conflicting = ['namespaceSelector', 'selector', 'notSelector', 'serviceAccounts', 'nets', 'notNets'].find((k) => present(value[k]));
    if (conflicting !== undefined) reader.fail([...path, conflicting], `Field ${where()}.${conflicting} is set together with services; Calico takes a Service's own endpoints, so a services rule cannot also have ${conflicting}. Split it into two rules.`);
    if (side === 'destination' && (ports !== undefined || notPorts !== undefined)) {
      reader.fail([...path, ports !== undefined ? 'ports' : 'notPorts'], `Field ${where()}.${ports !== undefined ? 'ports' : 'notPorts'} is set with destination services; Calico uses the Service's endpoint ports, so leave ports out.`);
    }
    services = { name: s.name, namespace };
  }
  return {
    entity: { nets: nets.intervals, notNets: notNets.intervals, netsText: nets.text, notNetsText: notNets.text, selector, notSelector, namespaceSelector, ports, notPorts, serviceAccounts, services },
    families,
    ipv6Only,
  };
}

/** Calico's nets: a CIDR (host bits allowed, Calico masks them) of either family. */
function parseCalicoCidr(text: string): { family: 'ipv4'; interval: IpInterval } | { family: 'ipv6' } | string {
  const slash = text.indexOf('/');
  if (slash < 0) {
    return parseIpv4(text) !== undefined ? `the prefix length is missing; write "${text}/32"` : text.includes(':') ? `the prefix length is missing; write "${text}/128"` : 'expected an address and a prefix length such as "10.0.0.0/8"';
  }
  const address = parseIpv4(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address !== undefined) {
    const length = /^\d{1,2}$/.test(lengthText) ? Number(lengthText) : NaN;
    if (!(length >= 0 && length <= 32)) return `the prefix length "${lengthText}" must be a number from 0 to 32`;
    const size = 2 ** (32 - length);
    const start = address - (address % size);
    return { family: 'ipv4', interval: { start, end: start + size - 1 } };
  }
  const parsed = parseCidr(text);
  if (!isCidrProblem(parsed)) return parsed.family === 'ipv6' ? { family: 'ipv6' } : 'expected an IPv4 or IPv6 CIDR';
  // Host bits are allowed in Calico nets; parseCidr's strictness only matters for its message.
  if (parsed.suggestion !== undefined && parsed.suggestion.includes(':')) return { family: 'ipv6' };
  return 'expected an address and a prefix length such as "10.0.0.0/8"';
}

function readPorts(reader: ObjectReader, path: PathSegment[], value: unknown, protocol: CalicoProtocol | undefined): CalicoPort[] | undefined {
  if (!present(value)) return undefined;
  const where = () => formatPath(path);
  if (!Array.isArray(value)) reader.fail(path, `Field ${where()} must be a list of ports: numbers, ranges such as "8000:8100", or port names.`);
  if (value.length === 0) return undefined;
  if (protocol === undefined || !PORT_PROTOCOLS.has(protocol.number)) {
    reader.fail(path, `Field ${where()} is set but the rule's protocol is ${protocol === undefined ? 'not set' : `"${protocol.text}"`}; Calico accepts ports only with protocol TCP, UDP or SCTP. Set protocol, or drop the ports.`);
  }
  return value.map((item, index): CalicoPort => {
    const itemPath = [...path, index];
    const at = () => formatPath(itemPath);
    const checkNumber = (n: number, text: string) => {
      if (!Number.isInteger(n) || n < 0 || n > 65535) reader.fail(itemPath, `Field ${at()} is ${text}; a port is a whole number from 0 to 65535.`);
    };
    if (typeof item === 'number') {
      checkNumber(item, String(item));
      return { start: item, end: item };
    }
    if (typeof item !== 'string') reader.fail(itemPath, `Field ${at()} is ${excerpt(item)}; a port is a number, a range "8000:8100" or a port name.`);
    if (/^\d+$/.test(item)) {
      checkNumber(Number(item), `"${item}"`);
      return { start: Number(item), end: Number(item) };
    }
    const range = /^(\d+):(\d+)$/.exec(item);
    if (range !== null) {
      const start = Number(range[1]);
      const end = Number(range[2]);
      checkNumber(start, `"${item}"`);
      checkNumber(end, `"${item}"`);
      if (start > end) reader.fail(itemPath, `Field ${at()} is the range "${item}", which is upside down (its first port is above its last); write "${end}:${start}".`);
      return { start, end };
    }
    if (/^\d+\s*[-–]\s*\d+$/.test(item)) reader.fail(itemPath, `Field ${at()} is "${item}"; Calico writes a port range with a colon: "${item.replace(/\s*[-–]\s*/, ':')}".`);
    if (!PORT_NAME.test(item) || item.length > 63) reader.fail(itemPath, `Field ${at()} "${item}" is neither a port number, a range "8000:8100" nor a valid port name (letters, digits and "-").`);
    return { name: item };
  });
}

/** NetworkSet (namespaced) and GlobalNetworkSet: labels and nets. */
export function readNetworkSet(raw: RawObject, warnings: Warning[]): CalicoNetworkSet {
  const global = raw.kind === 'GlobalNetworkSet';
  const identity = identifyObject(raw, !global, warnings);
  const reader: ObjectReader = identity.reader;
  const { name, namespace } = identity;
  const spec = specOf(reader, raw, global ? ['nets'] : ['nets', 'allowedEgressDomains']);
  const labels = readLabels(reader, ['metadata', 'labels'], metadataOf(raw).labels, true);
  const netsValue: unknown = spec.nets ?? [];
  if (!Array.isArray(netsValue)) reader.fail(['spec', 'nets'], 'Field spec.nets must be a list of CIDRs.');
  const intervals: IpInterval[] = [];
  netsValue.forEach((item: unknown, index: number) => {
    const path = ['spec', 'nets', index];
    if (typeof item !== 'string') reader.fail(path, `Field ${formatPath(path)} is ${excerpt(item)}; it must be a CIDR or an address.`);
    // A NetworkSet accepts bare addresses too.
    const parsed: ReturnType<typeof parseCalicoCidr> = parseCalicoCidr(item.includes('/') ? item : parseIpv4(item) !== undefined ? `${item}/32` : item.includes(':') ? `${item}/128` : item);
    if (typeof parsed === 'string') reader.fail(path, `Field ${formatPath(path)} "${item}" is not a valid CIDR: ${parsed}.`);
    if (parsed.family === 'ipv4') intervals.push(parsed.interval);
  });
  return { kind: global ? 'GlobalNetworkSet' : 'NetworkSet', namespace, name, labels, nets: mergeIntervals(intervals), source: reader.source };
}

/** A v1 Service: selector and ports with target ports. */
export function readService(raw: RawObject, warnings: Warning[]): ServiceObject {
  const identity = identifyObject(raw, true, warnings);
  const reader: ObjectReader = identity.reader;
  const { name, namespace } = identity;
  const spec = isRecord(raw.value.spec) ? raw.value.spec : {};
  const selector = isRecord(spec.selector) ? (readLabels(reader, ['spec', 'selector'], spec.selector, false) as Labels) : undefined;
  const ports: ServiceObject['ports'][number][] = [];
  (Array.isArray(spec.ports) ? spec.ports : []).forEach((port) => {
    if (!isRecord(port) || typeof port.port !== 'number') return;
    const protocol = port.protocol === 'UDP' || port.protocol === 'SCTP' ? port.protocol : 'TCP';
    const targetPort = typeof port.targetPort === 'number' || typeof port.targetPort === 'string' ? port.targetPort : port.port;
    ports.push({ protocol, port: port.port, targetPort: typeof targetPort === 'string' && /^\d+$/.test(targetPort) ? Number(targetPort) : targetPort });
  });
  return { namespace: namespace!, name, selector: selector !== undefined && Object.keys(selector).length > 0 ? selector : undefined, ports, source: reader.source };
}

/** discovery.k8s.io/v1 EndpointSlice (its Service from the kubernetes.io/service-name label) or v1 Endpoints. */
export function readServiceEndpoints(raw: RawObject, warnings: Warning[]): ServiceEndpoints | undefined {
  const identity = identifyObject(raw, true, warnings);
  const reader: ObjectReader = identity.reader;
  const { name, namespace } = identity;
  const addresses: number[] = [];
  const podNames: string[] = [];
  const ports: ServiceEndpoints['ports'][number][] = [];
  const addPort = (p: unknown) => {
    if (isRecord(p) && typeof p.port === 'number') ports.push({ protocol: p.protocol === 'UDP' || p.protocol === 'SCTP' ? p.protocol : 'TCP', port: p.port });
  };
  const addAddress = (address: unknown, targetRef: unknown) => {
    const parsed = typeof address === 'string' ? parseIpv4(address) : undefined;
    if (parsed !== undefined) addresses.push(parsed);
    if (isRecord(targetRef) && targetRef.kind === 'Pod' && typeof targetRef.name === 'string') podNames.push(targetRef.name);
  };
  let service = name;
  if (raw.kind === 'EndpointSlice') {
    const labels = isRecord(metadataOf(raw).labels) ? (metadataOf(raw).labels as Record<string, unknown>) : {};
    if (typeof labels['kubernetes.io/service-name'] !== 'string') return undefined;
    service = labels['kubernetes.io/service-name'];
    for (const endpoint of Array.isArray(raw.value.endpoints) ? raw.value.endpoints : []) {
      if (!isRecord(endpoint)) continue;
      for (const address of Array.isArray(endpoint.addresses) ? endpoint.addresses : []) addAddress(address, endpoint.targetRef);
    }
    for (const p of Array.isArray(raw.value.ports) ? raw.value.ports : []) addPort(p);
  } else {
    for (const subset of Array.isArray(raw.value.subsets) ? raw.value.subsets : []) {
      if (!isRecord(subset)) continue;
      for (const address of Array.isArray(subset.addresses) ? subset.addresses : []) if (isRecord(address)) addAddress(address.ip, address.targetRef);
      for (const p of Array.isArray(subset.ports) ? subset.ports : []) addPort(p);
    }
  }
  return { namespace: namespace!, service, addresses, podNames, ports, source: reader.source };
}
