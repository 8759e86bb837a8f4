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

interface GraphNodes {
  /** Node id per endpoint key, `n0`, `n1`, … in key order, so ids never depend on flow order. */
  readonly id: ReadonlyMap<string, string>;
  /** Namespaces in name order with their workload endpoints. */
  readonly namespaces: readonly { readonly name: string; readonly nodes: readonly Endpoint[] }[];
  readonly externals: readonly Endpoint[];
}

function graphNodes(flows: readonly Flow[]): GraphNodes {
  const endpoints = new Map<string, Endpoint>();
  for (const f of flows) {
    endpoints.set(f.src.key, f.src);
    endpoints.set(f.dst.key, f.dst);
  }
  const sorted = [...endpoints.values()].sort((a, b) => compareBytes(a.key, b.key));
  const id = new Map(sorted.map((e, index) => [e.key, `n${index}`]));
  const byNamespace = new Map<string, Endpoint[]>();
  for (const e of sorted) {
    if (e.kind !== 'workload') continue;
    const list = byNamespace.get(e.workload.namespace) ?? [];
    list.push(e);
    byNamespace.set(e.workload.namespace, list);
  }
  const namespaces = [...byNamespace.keys()].sort(compareBytes).map((name) => ({ name, nodes: byNamespace.get(name)! }));
  return { id, namespaces, externals: sorted.filter((e) => e.kind === 'external') };
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
  namespaces.forEach((ns, index) => {
    lines.push(`  subgraph ns${index}["${escapeMermaid(namespaceTitle(ns.name, wanted))}"]`);
    for (const e of ns.nodes) lines.push(`    ${id.get(e.key)}["${escapeMermaid(caption(e))}"]`);
    lines.push('  end');
  });
  for (const e of externals) lines.push(`  ${id.get(e.key)}(["${escapeMermaid(caption(e))}"])`);
  for (const f of flows) lines.push(`  ${id.get(f.src.key)} -->|"${escapeMermaid(flowPorts(f))}"| ${id.get(f.dst.key)}`);
  namespaces.forEach((ns, index) => {
    if (wanted.has(ns.name)) lines.push(`  style ns${index} stroke-width:3px`);
  });
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
  namespaces.forEach((ns, index) => {
    const style = wanted.has(ns.name) ? ' penwidth=2' : '';
    lines.push(`\tsubgraph cluster_${index} {`, `\t\tlabel=${quoteDot(namespaceTitle(ns.name, wanted))}${style}`);
    for (const e of ns.nodes) lines.push(`\t\t${id.get(e.key)} [label=${quoteDot(caption(e))}]`);
    lines.push('\t}');
  });
  for (const e of externals) lines.push(`\t${id.get(e.key)} [label=${quoteDot(caption(e))} shape=ellipse style=dashed]`);
  for (const f of flows) lines.push(`\t${id.get(f.src.key)} -> ${id.get(f.dst.key)} [label=${quoteDot(flowPorts(f))}]`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
