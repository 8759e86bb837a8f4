/**
 * Arithmetic on sets of integers kept as sorted, disjoint, non-adjacent inclusive ranges flattened as
 * [start0, end0, start1, end1, …]: the ports of a PortSet (ports.ts) and every part of a ConnSet
 * (conn-set.ts). Inputs are never changed; a result may be one of them.
 */
const NONE: readonly number[] = Object.freeze([]);

/** a ∪ b; adjacent ranges merge too, so `TCP 10053` + `TCP 10054` prints as `TCP 10053-10054`. */
export function unionRanges(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0 || a === b) return b;
  if (b.length === 0) return a;
  const result: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let start: number;
    let end: number;
    if (j >= b.length || (i < a.length && a[i] <= b[j])) {
      start = a[i];
      end = a[i + 1];
      i += 2;
    } else {
      start = b[j];
      end = b[j + 1];
      j += 2;
    }
    const last = result.length - 1;
    if (last > 0 && start <= result[last] + 1) {
      if (end > result[last]) result[last] = end;
    } else {
      result.push(start, end);
    }
  }
  return result;
}

/** a ∩ b. */
export function intersectRanges(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0 || b.length === 0) return NONE;
  if (a === b) return a;
  const result: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i], b[j]);
    const end = Math.min(a[i + 1], b[j + 1]);
    if (start <= end) result.push(start, end);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return result;
}

/** universe minus a (universe's own gaps stay gaps). */
export function complementRanges(a: readonly number[], universe: readonly number[]): readonly number[] {
  if (a.length === 0) return universe;
  const result: number[] = [];
  for (let u = 0; u < universe.length; u += 2) {
    let next = universe[u];
    const end = universe[u + 1];
    for (let i = 0; i < a.length; i += 2) {
      if (a[i + 1] < next || a[i] > end) continue;
      if (a[i] > next) result.push(next, a[i] - 1);
      next = a[i + 1] + 1;
    }
    if (next <= end) result.push(next, end);
  }
  return result;
}
