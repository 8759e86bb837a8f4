import { portSetRanges } from '../ports';
import type { Connection } from '../connectivity';
import type { UnevaluatedPolicy } from '../types';

/**
 * A JSON document: `connections` (labels as in txt, the txt `conn` text, and the ranges per protocol) and
 * `calicoPoliciesNotEvaluated`, always present so consumers cannot miss that the answer ignores them.
 */
export function formatJson(connections: readonly Connection[], calicoPolicies: readonly UnevaluatedPolicy[], conns: (c: Connection) => string): string {
  const document = {
    connections: connections.map((c) => ({ src: c.src.label, dst: c.dst.label, conn: conns(c), ports: portSetRanges(c.ports) })),
    calicoPoliciesNotEvaluated: calicoPolicies.map(calicoPolicyJson),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A Calico policy the answer does not account for, as the json formats list it. */
export function calicoPolicyJson(p: UnevaluatedPolicy): object {
  return { apiVersion: p.apiVersion, kind: p.kind, namespace: p.namespace, name: p.name, file: p.source.file, line: p.source.line };
}
