import { portSetRanges } from '../ports';
import { connSetRanges } from '../conn-set';
import type { AnalysisNote } from '../calico/notes';
import type { Connection } from '../connectivity';
import type { UnevaluatedPolicy } from '../types';

/**
 * A JSON document: `connections` (labels as in txt, the txt `conn` text, the port ranges per protocol,
 * and, when Calico was evaluated, `protocols`: ICMP ranges as type×256+code and OTHER protocol numbers),
 * `calicoPoliciesNotEvaluated`, always present so consumers cannot miss what the answer ignores, and
 * `notes` when there are any.
 */
export function formatJson(connections: readonly Connection[], calicoPolicies: readonly UnevaluatedPolicy[], conns: (c: Connection) => string, notes: readonly AnalysisNote[] = []): string {
  const document = {
    connections: connections.map((c) => {
      const entry = { src: c.src.label, dst: c.dst.label, conn: conns(c), ports: portSetRanges(c.ports) };
      if (c.conns === undefined) return entry;
      const ranges = connSetRanges(c.conns);
      return { ...entry, protocols: { ICMP: ranges.ICMP, OTHER: ranges.OTHER } };
    }),
    calicoPoliciesNotEvaluated: calicoPolicies.map(calicoPolicyJson),
    ...(notes.length > 0 ? { notes: notes.map((n) => ({ level: n.level, text: n.text })) } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A Calico policy the answer does not account for, as the json formats list it. */
export function calicoPolicyJson(p: UnevaluatedPolicy): object {
  return { apiVersion: p.apiVersion, kind: p.kind, namespace: p.namespace, name: p.name, file: p.source.file, line: p.source.line };
}
