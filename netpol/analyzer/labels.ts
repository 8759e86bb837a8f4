import { formatInterval } from './ip-blocks';
import type { IpInterval, Workload } from './types';

/** `ns/name[Kind]`, np-guard's label of a workload. */
export function workloadLabel(workload: Pick<Workload, 'namespace' | 'name' | 'kind'>): string {
  return `${workload.namespace}/${workload.name}[${workload.kind}]`;
}

/** `a.b.c.d-e.f.g.h[External]`, np-guard's label of an external address range. */
export function externalLabel(interval: IpInterval): string {
  return `${formatInterval(interval)}[External]`;
}
