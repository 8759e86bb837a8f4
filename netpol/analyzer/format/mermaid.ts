import type { Connection } from '../connectivity';
import { graphNodes, nodeCaption } from './graph';

/** A Mermaid flowchart (renders in GitHub Markdown): a subgraph per namespace, labelled edges. */
export function formatMermaid(connections: readonly Connection[], conns: (c: Connection) => string, notes: readonly string[]): string {
  // Mermaid has no backslash escapes inside quoted labels; it uses HTML entities.
  const quote = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;
  const { id, byNamespace } = graphNodes(connections);
  const lines = ['flowchart LR'];
  for (const note of notes) lines.push(`  %% ${note}`);
  let subgraph = 0;
  for (const [namespace, peers] of byNamespace) {
    const indent = namespace === undefined ? '  ' : '    ';
    if (namespace !== undefined) lines.push(`  subgraph ns${subgraph++}[${quote(namespace)}]`);
    for (const peer of peers) lines.push(`${indent}${id.get(peer.label)}[${quote(nodeCaption(peer))}]`);
    if (namespace !== undefined) lines.push('  end');
  }
  for (const c of connections) lines.push(`  ${id.get(c.src.label)} -->|${quote(conns(c))}| ${id.get(c.dst.label)}`);
  return `${lines.join('\n')}\n`;
}
