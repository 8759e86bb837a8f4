import { escapeControls } from './errors';
import { formatInterval } from './ip-blocks';
import type { IpInterval, Workload } from './types';

/**
 * `ns/name[Kind]`, np-guard's label of a workload. A control character in the name or kind (a
 * newline would split a listing line in two) is escaped as JSON writes it.
 */
export function workloadLabel(workload: Pick<Workload, 'namespace' | 'name' | 'kind'>): string {
  return `${workload.namespace}/${escapeControls(workload.name)}[${escapeControls(workload.kind)}]`;
}

/** `a.b.c.d-e.f.g.h[External]`, np-guard's label of an external address range. */
export function externalLabel(interval: IpInterval): string {
  return `${formatInterval(interval)}[External]`;
}
