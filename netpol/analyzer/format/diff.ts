import type { ConnectionDiff, DiffType } from '../diff';
import { DIFF_TYPES } from '../diff';
import { connSetRanges, formatConnSet, type ConnSet } from '../conn-set';
import { calicoNote } from '../explain';
import type { UnevaluatedPolicy } from '../types';
import { csvField } from './csv';
import { calicoPolicyJson } from './json';

/** The output formats of `netpol diff`. */
export const DIFF_OUTPUT_FORMATS = ['txt', 'md', 'csv', 'json'] as const;
export type DiffOutputFormat = (typeof DIFF_OUTPUT_FORMATS)[number];

/** The two states' names, as np-guard prints them in its column headers and lines. */
export const REF_NAMES = ['ref1', 'ref2'] as const;

export interface DiffFormatOptions {
  /**
   * Calico policies found in each state. json always carries them in a field and md adds a note; txt
   * (byte-compatible with np-guard) and csv have no room for one, so their callers must warn.
   * @default - none
   */
  readonly calicoPolicies?: { readonly ref1: readonly UnevaluatedPolicy[]; readonly ref2: readonly UnevaluatedPolicy[] };
}

/** calicoNote for one state: `Note: ref1: 2 Calico policies were NOT evaluated, …`. */
export function sideCalicoNote(ref: (typeof REF_NAMES)[number], policies: readonly UnevaluatedPolicy[], label: 'Note' | 'Warning' = 'Note'): string {
  return `${label}: ${ref}: ${calicoNote(policies, label).slice(label.length + 2)}`;
}

/** The text columns np-guard's txt, md and csv diff formats share. */
interface DiffFields {
  readonly type: DiffType;
  readonly src: string;
  readonly dst: string;
  readonly ref1: string;
  readonly ref2: string;
  /** `workload ns/a[Kind] and ns/b[Kind] added`, or empty. */
  readonly info: string;
}

/**
 * `netpol list`'s conns text of a set (conn-set.ts formatConnSet: `ICMP 8/0`, `Protocol 47`, `TCP 80`,
 * `All Connections`; `No Connections` for nothing), cached per set. For the TCP, UDP and SCTP ports a
 * Kubernetes-only state allows it is np-guard's notation, so the txt diff stays byte-compatible.
 */
function connsFormatter(): (set: ConnSet) => string {
  const cache = new Map<ConnSet, string>();
  return (set) => {
    let text = cache.get(set);
    if (text === undefined) {
      text = formatConnSet(set);
      cache.set(set, text);
    }
    return text;
  };
}

function fieldsOf(diffs: readonly ConnectionDiff[]): DiffFields[] {
  const conns = connsFormatter();
  return diffs.map((d) => ({
    type: d.type,
    src: d.src.label,
    dst: d.dst.label,
    ref1: conns(d.ref1),
    ref2: conns(d.ref2),
    info: d.newOrRemovedWorkloads.length === 0 ? '' : `workload ${d.newOrRemovedWorkloads.join(' and ')} ${d.type}`,
  }));
}

/**
 * Renders a diff (in diffConnections' order). txt is np-guard netpol-analyzer's diff format byte for
 * byte; it and md are empty when nothing differs, csv is then its header alone and json a document
 * with no diffs.
 */
export function formatDiff(diffs: readonly ConnectionDiff[], format: DiffOutputFormat, options: DiffFormatOptions = {}): string {
  const calico = options.calicoPolicies ?? { ref1: [], ref2: [] };
  switch (format) {
    case 'txt':
      return formatDiffTxt(fieldsOf(diffs));
    case 'md':
      return formatDiffMarkdown(fieldsOf(diffs), calico);
    case 'csv':
      return formatDiffCsv(fieldsOf(diffs));
    case 'json':
      return formatDiffJson(diffs, calico);
  }
}

/** `Connectivity diff:`, then `diff-type: …, source: …, destination: …, ref1: …, ref2: …[, workloads-diff-info: …]`. */
function formatDiffTxt(fields: readonly DiffFields[]): string {
  if (fields.length === 0) return '';
  const lines = fields.map((f) => {
    const line = `diff-type: ${f.type}, source: ${f.src}, destination: ${f.dst}, ${REF_NAMES[0]}: ${f.ref1}, ${REF_NAMES[1]}: ${f.ref2}`;
    return f.info === '' ? line : `${line}, workloads-diff-info: ${f.info}`;
  });
  return `Connectivity diff:\n${lines.join('\n')}\n`;
}

/** Counts per type, in DIFF_TYPES order. */
function countByType(types: readonly DiffType[]): Record<DiffType, number> {
  const counts = { changed: 0, added: 0, removed: 0 };
  for (const type of types) counts[type]++;
  return counts;
}

/** A heading, the counts, np-guard's md table (pipes escaped) and a note line per state with Calico policies. For a PR comment. */
function formatDiffMarkdown(fields: readonly DiffFields[], calico: NonNullable<DiffFormatOptions['calicoPolicies']>): string {
  if (fields.length === 0) return '';
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const counts = countByType(fields.map((f) => f.type));
  const lines = [
    '## Connectivity diff',
    '',
    `${fields.length} source-destination pair${fields.length === 1 ? '' : 's'} allow different connections: ` +
      `${DIFF_TYPES.map((type) => `${counts[type]} ${type}`).join(', ')} (${REF_NAMES[0]} is the old state, ${REF_NAMES[1]} the new).`,
    '',
    `| diff-type | source | destination | ${REF_NAMES[0]} | ${REF_NAMES[1]} | workloads-diff-info |`,
    '|-----------|--------|-------------|------|------|---------------------|',
    ...fields.map((f) => `| ${[f.type, f.src, f.dst, f.ref1, f.ref2, f.info].map(cell).join(' | ')} |`),
  ];
  const notes = REF_NAMES.filter((ref) => calico[ref].length > 0).map((ref) => `> ${sideCalicoNote(ref, calico[ref])}`);
  if (notes.length > 0) lines.push('', ...notes.flatMap((note, index) => (index === 0 ? [note] : ['>', note])));
  return `${lines.join('\n')}\n`;
}

/** RFC 4180 with CRLF line ends, as `netpol list --output csv`; np-guard's columns. */
function formatDiffCsv(fields: readonly DiffFields[]): string {
  const rows = [['diff-type', 'source', 'destination', REF_NAMES[0], REF_NAMES[1], 'workloads-diff-info'], ...fields.map((f) => [f.type, f.src, f.dst, f.ref1, f.ref2, f.info])];
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/**
 * `{diffs: [{diffType, src, dst, ref1: {conn, ports, protocols}, ref2: {…}, newOrRemovedWorkloads}],
 * summary: {changed, added, removed}, calicoPoliciesNotEvaluated: {ref1, ref2}}`. `ports` holds the
 * TCP, UDP and SCTP ranges, `protocols` the ICMP ranges (type×256+code) and other IP protocol numbers,
 * as `netpol list --output json` names them.
 */
function formatDiffJson(diffs: readonly ConnectionDiff[], calico: NonNullable<DiffFormatOptions['calicoPolicies']>): string {
  const conns = connsFormatter();
  const side = (set: ConnSet) => {
    const ranges = connSetRanges(set);
    return { conn: conns(set), ports: { SCTP: ranges.SCTP, TCP: ranges.TCP, UDP: ranges.UDP }, protocols: { ICMP: ranges.ICMP, OTHER: ranges.OTHER } };
  };
  const document = {
    diffs: diffs.map((d) => ({
      diffType: d.type,
      src: d.src.label,
      dst: d.dst.label,
      ref1: side(d.ref1),
      ref2: side(d.ref2),
      newOrRemovedWorkloads: d.newOrRemovedWorkloads,
    })),
    summary: countByType(diffs.map((d) => d.type)),
    calicoPoliciesNotEvaluated: { ref1: calico.ref1.map(calicoPolicyJson), ref2: calico.ref2.map(calicoPolicyJson) },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
