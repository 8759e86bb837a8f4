import type { Connection } from '../connectivity';
import { graphNodes, nodeCaption } from './graph';

/** Graphviz: one cluster per namespace, external ranges as red boxes, one labelled edge per connection. */
export function formatDot(connections: readonly Connection[], conns: (c: Connection) => string, note: string | undefined): string {
  const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const { id, byNamespace } = graphNodes(connections);
  const lines = ['digraph {', '\trankdir="LR"', '\tnode [fontname="Helvetica"]', '\tedge [fontname="Helvetica" fontsize=10]'];
  if (note !== undefined) lines.push(`\tlabel=${quote(note)}`, '\tlabelloc="t"');
  let cluster = 0;
  for (const [namespace, peers] of byNamespace) {
    const indent = namespace === undefined ? '\t' : '\t\t';
    if (namespace !== undefined) lines.push(`\tsubgraph cluster_${cluster++} {`, `\t\tlabel=${quote(namespace)}`);
    for (const peer of peers) {
      const style = peer.type === 'external' ? ' shape=box color="red2"' : ' color="blue"';
      lines.push(`${indent}${id.get(peer.label)} [label=${quote(nodeCaption(peer))}${style}]`);
    }
    if (namespace !== undefined) lines.push('\t}');
  }
  for (const c of connections) lines.push(`\t${id.get(c.src.label)} -> ${id.get(c.dst.label)} [label=${quote(conns(c))}]`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
