import { listConnections, portRange, union, type Workload } from '../../netpol/analyzer';
import { describeNamespace, describePeer, describePolicy, describePorts, describeRule } from '../../homelab/docs-gen/describe';
import { protectedFlows, type Flow } from '../../homelab/docs-gen/flows';
import { escapeMermaid, quoteDot, renderDot, renderMermaid } from '../../homelab/docs-gen/graph';
import { intentFromFlows, whyOf } from '../../homelab/docs-gen/intent';
import { GENERATED_NOTICE, MAX_MATRIX_COLUMNS, cell, renderCoverage, renderDocs, renderMatrix, renderSummary } from '../../homelab/docs-gen/render';
import { deployment, modelOf, namespace, networkPolicy } from '../netpol/analyzer/harness';

const DENY_ALL = { podSelector: {}, policyTypes: ['Ingress', 'Egress'] };
const byName = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

/** A protected `shop` (web, db) with one peer namespace `mon` (prom) and an internet egress rule. */
function shopModel() {
  return modelOf([
    namespace('shop'),
    namespace('mon'),
    deployment('shop', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]),
    deployment('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }]),
    deployment('mon', 'prom', { 'app.kubernetes.io/name': 'prometheus' }),
    networkPolicy('shop', 'default-deny', DENY_ALL),
    networkPolicy('shop', 'allow-scrape', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: byName('mon'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
        ports: [{ protocol: 'TCP', port: 'http' }],
      }],
    }),
    networkPolicy('shop', 'allow-web-to-db', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    }),
    networkPolicy('shop', 'allow-db-from-web', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    }),
    networkPolicy('shop', 'allow-https', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '192.168.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 443 }] },
        { to: [{ ipBlock: { cidr: '10.0.1.1/32' } }], ports: [{ protocol: 'TCP', port: 8443 }] },
      ],
    }),
  ]);
}

describe('policy summary in words', () => {
  const model = shopModel();
  const policy = (name: string) => model.policies.find((p) => p.name === name)!;

  test('a namespaceSelector+podSelector peer names the app, its selector and the namespace', () => {
    expect(describeRule(policy('allow-scrape').ingress[0], 'shop', 'Ingress'))
      .toBe('prometheus pods (`app.kubernetes.io/name=prometheus`) in `mon` on TCP `http`');
  });

  test('an ipBlock with except lists the holes; without except it is the bare CIDR', () => {
    expect(describeRule(policy('allow-https').egress[0], 'shop', 'Egress')).toBe('0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16 on TCP 443');
    expect(describeRule(policy('allow-https').egress[1], 'shop', 'Egress')).toBe('10.0.1.1/32 on TCP 8443');
  });

  test('a podSelector-only peer means the policy namespace; a selector without a name key is shown as is', () => {
    expect(describePeer({ type: 'selector', podSelector: { matchLabels: { app: 'db' }, matchExpressions: [] } }, 'shop'))
      .toBe('db pods (`app=db`) in its own namespace `shop`');
    expect(describePeer({
      type: 'selector',
      namespaceSelector: { matchLabels: {}, matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] },
      podSelector: { matchLabels: { tier: 'x', app: 'y' }, matchExpressions: [] },
    }, 'shop')).toBe('pods `tier=x,app=y` in namespaces `team in (a,b)`');
    expect(describePeer({ type: 'selector', namespaceSelector: { matchLabels: {}, matchExpressions: [] } }, 'shop')).toBe('all pods in any namespace');
  });

  test('empty rules isolate: the policy is listed as allowing nothing', () => {
    expect(describePolicy(policy('default-deny'), 'Ingress')).toEqual(['`default-deny`: nothing (isolates the pods)']);
    expect(describePolicy(policy('default-deny'), 'Egress')).toEqual(['`default-deny`: nothing (isolates the pods)']);
    expect(describePolicy(policy('allow-scrape'), 'Egress')).toEqual([]);
  });

  test('a rule without peers or ports says so', () => {
    expect(describeRule({}, 'shop', 'Ingress')).toBe('any source (every pod and address) on all ports');
    expect(describeRule({}, 'shop', 'Egress')).toBe('any destination (every pod and address) on all ports');
  });

  test('ports: protocols with the same list share it, ranges, whole protocols and named ports', () => {
    expect(describePorts([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }])).toBe('UDP/TCP 53');
    expect(describePorts([{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 8443 }, { protocol: 'UDP', port: 53 }])).toBe('TCP 443, 8443; UDP 53');
    expect(describePorts([{ protocol: 'TCP', port: 8000, endPort: 8100 }, { protocol: 'SCTP' }])).toBe('TCP 8000-8100; SCTP all ports');
    expect(describePorts([{ protocol: 'TCP', port: 'metrics' }])).toBe('TCP `metrics`');
  });

  test('a policy for some pods only says which', () => {
    expect(describePolicy(policy('allow-web-to-db'), 'Egress'))
      .toEqual(['`allow-web-to-db` (for pods `app=web`): db pods (`app=db`) in its own namespace `shop` on TCP 5432']);
  });

  test('a namespace no policy isolates in a direction says everything is allowed', () => {
    expect(describeNamespace(model, 'mon', 'Ingress')).toEqual(['everything (no policy isolates this direction)']);
  });

  test('the table has one row per protected namespace, lines joined with <br>', () => {
    const rows = renderSummary(model, ['shop']);
    expect(rows.slice(0, 2)).toEqual(['| Namespace | Ingress allowed from | Egress allowed to |', '|---|---|---|']);
    expect(rows).toHaveLength(3);
    const [name, ingress, egress] = rows[2].slice(2, -2).split(' | ');
    expect(name).toBe('`shop`');
    expect(ingress.split('<br>')).toHaveLength(3);
    expect(egress.split('<br>')).toHaveLength(4);
    expect(rows[2]).toContain('`allow-https`: 0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16 on TCP 443<br>`allow-https`: 10.0.1.1/32 on TCP 8443');
  });

  test('a pipe in a cell is escaped', () => {
    expect(cell('a|b\nc')).toBe('a\\|b c');
  });
});

describe('protected flows', () => {
  const model = shopModel();
  const flows = protectedFlows(model, listConnections(model), ['shop']);
  const find = (src: string, dst: string) => flows.find((f) => f.src.key === src && f.dst.key === dst);

  test('external atoms fold into the ipBlock that admits them, with the ports of that rule', () => {
    const externals = flows.filter((f) => f.src.key === 'shop/web[Deployment]' && f.dst.kind === 'external');
    expect(externals.map((f) => [f.dst.key, f.ports])).toEqual([
      ['0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16', portRange('TCP', 443)],
      ['10.0.1.1/32', portRange('TCP', 8443)],
    ]);
    // The public block is several atoms (cut at 10/8, 10.0.1.1 and 192.168/16); all of them are kept for matching.
    expect(externals[0].atoms.length).toBeGreaterThan(1);
    expect(externals[0].egress).toEqual({ kind: 'policies', names: ['shop/allow-https'] });
    expect(externals[0].ingress).toEqual({ kind: 'external' });
  });

  test('each side names the policies admitting the flow, or says it is not isolated', () => {
    expect(find('shop/web[Deployment]', 'shop/db[Deployment]')).toMatchObject({
      ports: portRange('TCP', 5432),
      egress: { kind: 'policies', names: ['shop/allow-web-to-db'] },
      ingress: { kind: 'policies', names: ['shop/allow-db-from-web'] },
    });
    expect(find('mon/prom[Deployment]', 'shop/web[Deployment]')).toMatchObject({
      ports: portRange('TCP', 8080),
      egress: { kind: 'not-isolated' },
      ingress: { kind: 'policies', names: ['shop/allow-scrape'] },
    });
  });

  test('a named port resolves per destination: db has no `http` port, so no scrape flow to it', () => {
    expect(find('mon/prom[Deployment]', 'shop/db[Deployment]')).toBeUndefined();
  });

  test('only flows touching a protected namespace, sorted by source then destination', () => {
    expect(flows.every((f) => [f.src, f.dst].some((e) => e.kind === 'workload' && e.workload.namespace === 'shop'))).toBe(true);
    const keys = flows.map((f) => `${f.src.key} ${f.dst.key}`);
    expect(keys).toEqual([...keys].sort());
    expect(flows.some((f) => f.src.key === 'mon/prom[Deployment]' && f.dst.kind === 'external')).toBe(false);
  });
});

/** A hand-built flow, for the renderers' escaping tests. */
function flow(src: string, dst: string, ns = 'a"ns'): Flow {
  const workload = (name: string): Workload => ({ namespace: ns, name, kind: 'Deployment', labels: {}, ports: [], source: { file: 'x' } });
  return {
    src: { kind: 'workload', key: `${ns}/${src}`, workload: workload(src) },
    dst: { kind: 'external', key: dst },
    ports: union(portRange('TCP', 443), portRange('UDP', 53)),
    egress: { kind: 'policies', names: [] },
    ingress: { kind: 'external' },
    atoms: [],
  };
}

describe('diagrams', () => {
  test('escapeMermaid encodes # first, then quotes, HTML specials and backticks, and joins lines', () => {
    expect(escapeMermaid('a"b')).toBe('a#quot;b');
    expect(escapeMermaid('#quot;')).toBe('#35;quot;');
    expect(escapeMermaid('<b> & `x`')).toBe('#lt;b#gt; #amp; #96;x#96;');
    expect(escapeMermaid('one\ntwo')).toBe('one two');
  });

  test('quoteDot escapes backslashes and quotes', () => {
    expect(quoteDot('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  test('the Mermaid chart groups workloads by namespace, puts externals outside and labels edges with ports', () => {
    const chart = renderMermaid([flow('web', '0.0.0.0/0 except <private>'), flow('api', '10.0.1.1/32')], ['a"ns']);
    expect(chart).toBe([
      'flowchart LR',
      '  subgraph ns_a_ns["a#quot;ns (protected)"]',
      '    w_a_ns_api["api[Deployment]"]',
      '    w_a_ns_web["web[Deployment]"]',
      '  end',
      '  x_0_0_0_0_0_except__private(["0.0.0.0/0 except #lt;private#gt;"])',
      '  x_10_0_1_1_32(["10.0.1.1/32"])',
      '  w_a_ns_web -->|"TCP 443,UDP 53"| x_0_0_0_0_0_except__private',
      '  w_a_ns_api -->|"TCP 443,UDP 53"| x_10_0_1_1_32',
      '  style ns_a_ns stroke-width:3px',
      '',
    ].join('\n'));
  });

  test('the Graphviz source has the same nodes, one cluster per namespace', () => {
    const dot = renderDot([flow('web', '10.0.1.1/32', 'shop')], [], 'Header');
    expect(dot).toContain('// Header\ndigraph network_policies {');
    expect(dot).toContain('\tsubgraph cluster_ns_shop {\n\t\tlabel="shop"\n\t\tw_shop_web [label="web[Deployment]"]\n\t}');
    expect(dot).toContain('\tx_10_0_1_1_32 [label="10.0.1.1/32" shape=ellipse style=dashed]');
    expect(dot).toContain('\tw_shop_web -> x_10_0_1_1_32 [label="TCP 443,UDP 53"]');
  });
});

describe('matrix', () => {
  test('rows are sources, columns destinations, an empty cell is no flow', () => {
    const lines = renderMatrix([flow('web', 'x', 'shop'), flow('api', 'y', 'shop')], (f) => f.src, (f) => f.dst, 'corner');
    expect(lines).toEqual([
      '| corner | x | y |',
      '|---|---|---|',
      '| **shop/api** |  | TCP 443,UDP 53 |',
      '| **shop/web** | TCP 443,UDP 53 |  |',
    ]);
  });

  test('a matrix wider than the limit is replaced by a note', () => {
    const many = Array.from({ length: MAX_MATRIX_COLUMNS + 1 }, (_, i) => flow('web', `dst${i}`, 'shop'));
    expect(renderMatrix(many, (f) => f.src, (f) => f.dst, 'corner')).toEqual([
      `Omitted: ${MAX_MATRIX_COLUMNS + 1} columns is more than ${MAX_MATRIX_COLUMNS}; the table of allowed flows above has every entry.`,
    ]);
  });
});

describe('intent', () => {
  const model = shopModel();
  const flows = protectedFlows(model, listConnections(model), ['shop']);
  const PROM = { namespace: 'mon', name: 'prometheus', labels: { 'app.kubernetes.io/name': 'prometheus' } };
  const WEB = { namespace: 'shop', name: 'web', labels: { app: 'web' } };
  const DB = { namespace: 'shop', name: 'db', labels: { app: 'db' } };
  const intent = intentFromFlows(
    [
      { from: PROM, to: { namespace: 'shop', name: 'shop' }, ports: ['TCP/8080'], declaredBy: 'shop prometheusScrapePorts (shop.ts)' },
      { from: WEB, to: DB, ports: ['TCP/5432'], declaredBy: 'shop egressTo[0] (shop.ts)' },
    ],
    [{ name: 'shop', declaredIn: 'shop.ts' }],
    model.workloads,
    [{ title: 'Gap', why: 'Because', deniedFlows: [{ from: 'shop/db', to: 'mon/prom', port: 'TCP/9090' }] }],
  );
  const why = (src: string, dst: string) => whyOf(flows.find((f) => f.src.key === src && f.dst.key === dst)!, intent);

  test('a flow gets who declared it, once, though both ends list it', () => {
    expect(why('shop/web[Deployment]', 'shop/db[Deployment]')).toEqual(['declared by shop egressTo[0] (shop.ts)']);
    expect(why('mon/prom[Deployment]', 'shop/web[Deployment]')).toEqual(['declared by shop prometheusScrapePorts (shop.ts)']);
  });

  test('each end lists the flow, for the workloads of the inventory its pods select', () => {
    expect(intent.namespaces.shop.egress.map((e) => [e.appliesTo, e.ports])).toEqual([[['web'], ['TCP/5432']]]);
    expect(intent.namespaces.shop.ingress.map((e) => e.appliesTo)).toEqual([undefined, ['db']]);
    expect(intent.namespaces.shop.summary).toBe('Declared in `shop.ts`.');
  });

  test('an external block comes from a namespace\'s own rules, not from a flow, so it has no declaration', () => {
    expect(why('shop/web[Deployment]', '10.0.1.1/32')).toEqual([]);
  });

  test('the document shows who declared each flow, flags an undeclared flow between workloads and lists the known gaps', () => {
    const { markdown } = renderDocs({ model, protectedNamespaces: ['shop'], inventoryPath: 'inv.yaml', intent });
    expect(markdown).toContain('| Declared by |');
    expect(markdown).toContain('| 10.0.1.1/32 | TCP 8443 | `shop/allow-https` | outside the cluster |  |');
    expect(markdown).toContain('## Declared flows');
    expect(markdown).toContain('| `db` | ingress from | web in `shop` (app=web) | TCP/5432 | declared by shop egressTo[0] (shop.ts) |');
    expect(markdown).toContain('- **Gap.** Because\n  - denied today: `shop/db` → `mon/prom` on TCP/9090');
    const undeclared = intentFromFlows([], [{ name: 'shop' }], model.workloads, []);
    expect(renderDocs({ model, protectedNamespaces: ['shop'], inventoryPath: 'inv.yaml', intent: undeclared }).markdown)
      .toContain('| `shop/web[Deployment]` | `shop/db[Deployment]` | TCP 5432 | `shop/allow-web-to-db` | `shop/allow-db-from-web` | **not declared** |');
  });
});

describe('the document', () => {
  const { markdown, dot } = renderDocs({ model: shopModel(), protectedNamespaces: ['shop'], inventoryPath: 'inv.yaml', constructWarnings: ['[shop/X] Careful'] });

  test('starts with the generated notice and has the sections in order', () => {
    expect(markdown.startsWith(`<!-- ${GENERATED_NOTICE} -->\n`)).toBe(true);
    const order = ['## Policy summary', '## Flow diagram', '```mermaid', '## Allowed flows', '## Connectivity matrix', '### Into protected workloads', '### Out of protected workloads'];
    const positions = order.map((heading) => markdown.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(markdown).not.toContain('## Declared flows');
    expect(markdown).toContain('- [shop/X] Careful');
    expect(markdown.endsWith('\n') && !markdown.endsWith('\n\n')).toBe(true);
  });

  test('the flow table lists the internal flow with both policies', () => {
    expect(markdown).toContain('| `shop/web[Deployment]` | `shop/db[Deployment]` | TCP 5432 | `shop/allow-web-to-db` | `shop/allow-db-from-web` |');
  });

  test('the dot file carries the notice without Markdown backticks', () => {
    expect(dot.split('\n')[0]).toBe(`// ${GENERATED_NOTICE.replace(/`/g, '')}`);
  });

  test('is deterministic', () => {
    expect(renderDocs({ model: shopModel(), protectedNamespaces: ['shop'], inventoryPath: 'inv.yaml', constructWarnings: ['[shop/X] Careful'] }).markdown).toBe(markdown);
  });
});

describe('renderCoverage', () => {
  const coverage = { clusterNamespaces: ['mon', 'shop', 'kube-public', 'stray'], exemptions: { 'mon': { reason: 'Prometheus | scrapes hosts' }, 'kube-public': { reason: 'No pods.' } } };

  test('one sorted row per namespace: protected with its policy count from the model, exempt with its reason, the rest flagged', () => {
    expect(renderCoverage(shopModel(), ['shop'], coverage)).toEqual([
      '4 namespaces: 1 protected with default deny in both directions, 2 exempt with the reason below, **1 unaccounted for**. '
        + 'Exempt namespaces have no NetworkPolicy from this app: their pods accept and send any traffic that the other side\'s policies allow.',
      '',
      '| Namespace | Default deny | Policies or reason |',
      '|---|---|---|',
      '| `kube-public` | exempt | No pods. |',
      '| `mon` | exempt | Prometheus \\| scrapes hosts |',
      `| \`shop\` | protected | ${shopModel().policies.filter((p) => p.namespace === 'shop').length} NetworkPolicies, listed in the Policy summary below |`,
      '| `stray` | **neither protected nor exempt** | **no reason stated** |',
    ]);
  });

  test('the document has the Coverage section before the policy summary only when coverage is given', () => {
    const withCoverage = renderDocs({ model: shopModel(), protectedNamespaces: ['shop'], inventoryPath: 'inv.yaml', coverage }).markdown;
    expect(withCoverage.indexOf('## Coverage')).toBeGreaterThan(0);
    expect(withCoverage.indexOf('## Coverage')).toBeLessThan(withCoverage.indexOf('## Policy summary'));
    expect(renderDocs({ model: shopModel(), protectedNamespaces: ['shop'], inventoryPath: 'inv.yaml' }).markdown).not.toContain('## Coverage');
  });
});
