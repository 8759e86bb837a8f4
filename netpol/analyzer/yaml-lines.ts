import type { LineCounter, Node } from 'yaml';
import type { PathSegment } from './raw';
import { yaml } from './yaml-module';

/**
 * The lines of a parsed YAML document's nodes, as plain data (so a parsed document can be kept as JSON
 * and read again without the yaml package): `[line]` for a scalar or alias, `[line, 0, pairs]` for a
 * mapping (each pair `[key, child]`, keys as the parser read them), `[line, 1, items]` for a sequence.
 * A child is null where the parser has no node there (an empty value). `line` is null for a node
 * without a position.
 */
export type LineTree = [number | null] | [number | null, 0, [unknown, LineTree | null][]] | [number | null, 1, (LineTree | null)[]];

/** The line tree of a node and everything below it. Iterative over the levels, so no nesting exhausts the stack. */
export function lineTree(root: Node, lineCounter: LineCounter): LineTree {
  const { isMap, isScalar, isSeq } = yaml();
  const lineOf = (node: Node): number | null => (node.range ? lineCounter.linePos(node.range[0]).line : null);
  const hasRange = (value: unknown): value is Node => typeof value === 'object' && value !== null && 'range' in value;
  const top: LineTree = [lineOf(root)];
  const pending: [Node, LineTree][] = [[root, top]];
  while (pending.length > 0) {
    const [node, tree] = pending.pop()!;
    if (isMap(node)) {
      const pairs: [unknown, LineTree | null][] = [];
      for (const pair of node.items) {
        // YAMLMap.get finds a pair by its scalar key's value; a pair with another kind of key is never found.
        if (!isScalar(pair.key)) continue;
        pairs.push([pair.key.value, child(pair.value)]);
      }
      (tree as unknown[]).push(0, pairs);
    } else if (isSeq(node)) {
      (tree as unknown[]).push(1, node.items.map(child));
    }
  }
  return top;

  function child(value: unknown): LineTree | null {
    if (!hasRange(value)) return null;
    const tree: LineTree = [lineOf(value)];
    pending.push([value, tree]);
    return tree;
  }
}

/** The child of a tree node at `segment`, found as YAMLMap.get and YAMLSeq.get find it. */
export function lineTreeChild(tree: LineTree | null | undefined, segment: PathSegment): LineTree | null | undefined {
  if (tree === null || tree === undefined || tree.length === 1) return undefined;
  if (tree[1] === 0) {
    for (const [key, child] of tree[2]) if (key === segment) return child;
    return undefined;
  }
  let index: unknown = segment;
  if (index && typeof index === 'string') index = Number(index);
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 ? tree[2][index] : undefined;
}

/** The line of the node at `path` below `tree`, or of its deepest existing ancestor; undefined without a tree. */
export function lineInTree(tree: LineTree | null | undefined, path: readonly PathSegment[]): number | undefined {
  if (tree === null || tree === undefined) return undefined;
  let current = tree;
  for (const segment of path) {
    const next = lineTreeChild(current, segment);
    if (next === null || next === undefined) break;
    current = next;
  }
  return current[0] ?? undefined;
}
