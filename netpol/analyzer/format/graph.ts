import type { Connection, Peer } from '../connectivity';

/** The nodes of a connection graph, grouped by namespace (external peers have none), in label order. */
export function graphNodes(connections: readonly Connection[]): { id: Map<string, string>; byNamespace: Map<string | undefined, Peer[]> } {
  const peers = new Map<string, Peer>();
  for (const c of connections) {
    peers.set(c.src.label, c.src);
    peers.set(c.dst.label, c.dst);
  }
  const labels = [...peers.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const id = new Map(labels.map((label, index) => [label, `n${index}`]));
  const byNamespace = new Map<string | undefined, Peer[]>();
  for (const label of labels) {
    const peer = peers.get(label)!;
    const namespace = peer.type === 'workload' ? peer.workload.namespace : undefined;
    const list = byNamespace.get(namespace) ?? [];
    list.push(peer);
    byNamespace.set(namespace, list);
  }
  return { id, byNamespace };
}

/** The short node caption: `name[Kind]` inside its namespace box, the range for external peers. */
export function nodeCaption(peer: Peer): string {
  return peer.type === 'workload' ? `${peer.workload.name}[${peer.workload.kind}]` : peer.label;
}
