import { createHash } from 'crypto';
import { compareBytes, flowPorts, type Endpoint, type Flow } from './flows';

/** The flow diagram as Mermaid (rendered by GitHub) and as Graphviz source, from the same node list. */

/**
 * Text for a quoted Mermaid label. Mermaid has no backslash escapes: it decodes `#name;` and `#123;`
 * entities, so `#` itself must be encoded first or a label like `a#quot;b` would change meaning.
 * `<`, `>` and `&` would otherwise be read as HTML; a backtick opens a Markdown string; a newline
 * ends the statement.
 */
export function escapeMermaid(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/\r?\n/g, ' ');
}

/** A Graphviz quoted string. */
export function quoteDot(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/**
 * Diagram ids derived from names, so adding a node changes no other node's id and a new namespace
 * shows in the docs as the lines it really adds (positional ids renumbered every later node). Each
 * name is prefixed (Mermaid and Graphviz ids must start with a letter, and must not be a keyword such
 * as `end`) and every character outside [A-Za-z0-9] becomes `_`: `default/grafana[Deployment]` is
 * `w_default_grafana_Deployment`. Names that would share an id get the first 8 hex digits of their
 * name's SHA-256 appended, which depends on nothing else either.
 */
export function stableIds(names: Iterable<string>, prefix: string): Map<string, string> {
  const plain = (name: string) => `${prefix}${name.replace(/[^A-Za-z0-9]/g, '_').replace(/_+$/, '')}`;
  const unique = [...new Set(names)];
  const users = new Map<string, number>();
  for (const name of unique) users.set(plain(name), (users.get(plain(name)) ?? 0) + 1);
  const ids = new Map(unique.map((name) => {
    const id = plain(name);
    return [name, users.get(id) === 1 ? id : `${id}_${createHash('sha256').update(name).digest('hex').slice(0, 8)}`];
  }));
  const taken = new Map<string, string>();
  for (const [name, id] of ids) {
    // A suffixed id equal to another name's plain one: astronomically unlikely, but never a silently merged node.
    if (taken.has(id)) throw new Error(`Diagram ids collide: "${taken.get(id)}" and "${name}" both map to ${id}; change stableIds in homelab/docs-gen/graph.ts.`);
    taken.set(id, name);
  }
  return ids;
}

interface GraphNodes {
  /** Node id per endpoint key (workloads `w_…`, external nodes `x_…`), from stableIds. */
  readonly id: ReadonlyMap<string, string>;
  /** Namespaces in name order with their id (`ns_…`, from stableIds) and workload endpoints. */
  readonly namespaces: readonly { readonly name: string; readonly id: string; readonly nodes: readonly Endpoint[] }[];
  readonly externals: readonly Endpoint[];
}

function graphNodes(flows: readonly Flow[]): GraphNodes {
  const endpoints = new Map<string, Endpoint>();
  for (const f of flows) {
    endpoints.set(f.src.key, f.src);
    endpoints.set(f.dst.key, f.dst);
  }
  const sorted = [...endpoints.values()].sort((a, b) => compareBytes(a.key, b.key));
  const externals = sorted.filter((e) => e.kind === 'external');
  const id = new Map([
    ...stableIds(sorted.filter((e) => e.kind === 'workload').map((e) => e.key), 'w_'),
    ...stableIds(externals.map((e) => e.key), 'x_'),
  ]);
  const byNamespace = new Map<string, Endpoint[]>();
  for (const e of sorted) {
    if (e.kind !== 'workload') continue;
    const list = byNamespace.get(e.workload.namespace) ?? [];
    list.push(e);
    byNamespace.set(e.workload.namespace, list);
  }
  const names = [...byNamespace.keys()].sort(compareBytes);
  const namespaceIds = stableIds(names, 'ns_');
  const namespaces = names.map((name) => ({ name, id: namespaceIds.get(name)!, nodes: byNamespace.get(name)! }));
  return { id, namespaces, externals };
}

function caption(e: Endpoint): string {
  return e.kind === 'workload' ? `${e.workload.name}[${e.workload.kind}]` : e.key;
}

function namespaceTitle(name: string, protectedNamespaces: ReadonlySet<string>): string {
  return protectedNamespaces.has(name) ? `${name} (protected)` : name;
}

export function renderMermaid(flows: readonly Flow[], protectedNamespaces: readonly string[]): string {
  const wanted = new Set(protectedNamespaces);
  const { id, namespaces, externals } = graphNodes(flows);
  const lines = ['flowchart LR'];
  for (const ns of namespaces) {
    lines.push(`  subgraph ${ns.id}["${escapeMermaid(namespaceTitle(ns.name, wanted))}"]`);
    for (const e of ns.nodes) lines.push(`    ${id.get(e.key)}["${escapeMermaid(caption(e))}"]`);
    lines.push('  end');
  }
  for (const e of externals) lines.push(`  ${id.get(e.key)}(["${escapeMermaid(caption(e))}"])`);
  for (const f of flows) lines.push(`  ${id.get(f.src.key)} -->|"${escapeMermaid(flowPorts(f))}"| ${id.get(f.dst.key)}`);
  for (const ns of namespaces) {
    if (wanted.has(ns.name)) lines.push(`  style ${ns.id} stroke-width:3px`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderDot(flows: readonly Flow[], protectedNamespaces: readonly string[], header: string): string {
  const wanted = new Set(protectedNamespaces);
  const { id, namespaces, externals } = graphNodes(flows);
  const lines = [
    `// ${header}`,
    'digraph network_policies {',
    '\trankdir="LR"',
    '\tnode [fontname="Helvetica" shape=box style=rounded]',
    '\tedge [fontname="Helvetica" fontsize=10]',
  ];
  for (const ns of namespaces) {
    const style = wanted.has(ns.name) ? ' penwidth=2' : '';
    // Graphviz draws a subgraph as a box only when its id starts with "cluster".
    lines.push(`\tsubgraph cluster_${ns.id} {`, `\t\tlabel=${quoteDot(namespaceTitle(ns.name, wanted))}${style}`);
    for (const e of ns.nodes) lines.push(`\t\t${id.get(e.key)} [label=${quoteDot(caption(e))}]`);
    lines.push('\t}');
  }
  for (const e of externals) lines.push(`\t${id.get(e.key)} [label=${quoteDot(caption(e))} shape=ellipse style=dashed]`);
  for (const f of flows) lines.push(`\t${id.get(f.src.key)} -> ${id.get(f.dst.key)} [label=${quoteDot(flowPorts(f))}]`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
