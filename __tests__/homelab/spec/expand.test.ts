import { formatPortSet, portRange, union } from '../../../netpol/analyzer';
import { checkMatrix, formatMatrix, formatMatrixReport, parseSpecPort, portDifference, samplePort } from '../../../homelab/spec/expand';
import type { ConnectivitySpec, NamespaceSpec } from '../../../homelab/spec/types';
import { deployment, modelOf, namespace, networkPolicy } from '../../netpol/analyzer/harness';

// A two-namespace cluster: `shop` is protected (web talks to db and the internet, a scraper in `mon`
// reads metrics); `mon` is not.
const WORKLOADS = [
  namespace('shop'),
  namespace('mon'),
  deployment('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }]),
  deployment('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }]),
  deployment('mon', 'scraper', { app: 'scraper' }),
  deployment('mon', 'other', { app: 'other' }),
];

const MON = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mon' } } };

const POLICIES = [
  networkPolicy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
  networkPolicy('shop', 'scrape', {
    podSelector: {},
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ ...MON, podSelector: { matchLabels: { app: 'scraper' } } }], ports: [{ port: 9100 }] }],
  }),
  networkPolicy('shop', 'web-out', {
    podSelector: { matchLabels: { app: 'web' } },
    policyTypes: ['Egress'],
    egress: [
      { to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] },
    ],
  }),
  networkPolicy('shop', 'db-in', {
    podSelector: { matchLabels: { app: 'db' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }],
  }),
];

const SHOP: NamespaceSpec = {
  summary: 'A web shop',
  ingress: [
    { from: { role: 'scraper' }, ports: ['TCP/9100'], why: 'Metrics' },
    { from: { workload: 'shop/web' }, ports: ['TCP/5432'], why: 'Queries', appliesTo: ['db'] },
  ],
  egress: [
    { to: { workload: 'shop/db' }, ports: ['TCP/5432'], why: 'Queries', appliesTo: ['web'] },
    { to: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }, ports: ['TCP/443'], why: 'Payments API', appliesTo: ['web'] },
  ],
};

function specWith(shop: Partial<NamespaceSpec> = {}, roles: Record<string, readonly string[]> = { scraper: ['mon/scraper'] }): ConnectivitySpec {
  return { roles, namespaces: { shop: { ...SHOP, ...shop } }, knownGaps: [] };
}

function check(spec: ConnectivitySpec, extraPolicies: object[] = [], policies: object[] = POLICIES) {
  const model = modelOf([...WORKLOADS, ...policies, ...extraPolicies]);
  return { model, result: checkMatrix(spec, model) };
}

describe('checkMatrix', () => {
  it('expands roles, workloads, appliesTo and CIDRs into the matrix the policies implement', () => {
    // GIVEN policies that implement SHOP exactly
    const { result } = check(specWith());
    // THEN the spec expands to these flows (no self pairs, externals as the analyzer's atoms), and nothing differs
    expect(result.problems).toEqual([]);
    expect(formatMatrix(result.expected)).toEqual(
      new Map([
        ['mon/scraper[Deployment] => shop/db[Deployment]', 'TCP 9100'],
        ['mon/scraper[Deployment] => shop/web[Deployment]', 'TCP 9100'],
        ['shop/web[Deployment] => 0.0.0.0-9.255.255.255[External]', 'TCP 443'],
        ['shop/web[Deployment] => 11.0.0.0-255.255.255.255[External]', 'TCP 443'],
        ['shop/web[Deployment] => shop/db[Deployment]', 'TCP 5432'],
      ]),
    );
    expect(formatMatrix(result.actual)).toEqual(formatMatrix(result.expected));
    expect(result.unexpected).toEqual([]);
    expect(result.missing).toEqual([]);
  });

  it('expands a namespace peer to every inventory workload in it', () => {
    // GIVEN the spec admits all of `mon`, and a policy does too
    const extra = networkPolicy('shop', 'mon-in', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [MON], ports: [{ port: 8080 }] }] });
    const { result } = check(specWith({ ingress: [...SHOP.ingress, { from: { namespace: 'mon' }, ports: ['TCP/8080'], why: 'Everything in mon' }] }), [extra]);
    // THEN both mon workloads reach both shop workloads on 8080, and the spec agrees with the policies
    expect(formatMatrix(result.expected).get('mon/other[Deployment] => shop/web[Deployment]')).toBe('TCP 8080');
    expect(formatMatrix(result.expected).get('mon/scraper[Deployment] => shop/db[Deployment]')).toBe('TCP 8080,9100');
    expect([...result.unexpected, ...result.missing]).toEqual([]);
  });

  it('leaves out a workload talking to itself, as the analyzer does', () => {
    // GIVEN shop's pods may talk to each other on 7000, in the spec and in a policy
    const within = networkPolicy('shop', 'within', {
      podSelector: {},
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 7000 }] }],
      egress: [{ to: [{ podSelector: {} }], ports: [{ port: 7000 }] }],
    });
    const peers = { ports: ['TCP/7000'], why: 'Cluster gossip' } as const;
    const spec = specWith({ ingress: [...SHOP.ingress, { from: { namespace: 'shop' }, ...peers }], egress: [...SHOP.egress, { to: { namespace: 'shop' }, ...peers }] });
    const { result } = check(spec, [within]);
    // THEN web and db reach each other, no pair names one workload twice, and the spec agrees with the policies
    expect(formatMatrix(result.expected).get('shop/db[Deployment] => shop/web[Deployment]')).toBe('TCP 7000');
    expect(formatMatrix(result.expected).get('shop/web[Deployment] => shop/db[Deployment]')).toBe('TCP 5432,7000');
    expect([...result.expected.values()].filter((f) => f.src.label === f.dst.label)).toEqual([]);
    expect(result.problems).toEqual([]);
    expect([...result.unexpected, ...result.missing]).toEqual([]);
  });

  it('reports an allowed flow that nobody declared, with its explain text', () => {
    // GIVEN a new policy admits all of `mon` on 8080, which the spec does not mention
    const extra = networkPolicy('shop', 'mon-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [MON], ports: [{ port: 8080 }] }] });
    const { model, result } = check(specWith(), [extra]);
    // THEN both mon workloads show up as unexpected, and nothing is missing
    expect(result.unexpected.map((f) => `${f.src.label} => ${f.dst.label} : ${formatPortSet(f.ports)}`)).toEqual([
      'mon/other[Deployment] => shop/web[Deployment] : TCP 8080',
      'mon/scraper[Deployment] => shop/web[Deployment] : TCP 8080',
    ]);
    expect(result.missing).toEqual([]);
    const report = formatMatrixReport(result, model);
    expect(report).toContain('unexpected (allowed but not in the spec):\n  mon/other[Deployment] => shop/web[Deployment] : TCP 8080\n');
    expect(report).toContain('    ALLOWED: mon/other[Deployment] => shop/web[Deployment] on TCP 8080');
    expect(report).toContain('admitted by: shop/mon-in spec.ingress[0]');
    expect(report).not.toContain('missing');
  });

  it('reports a declared flow that the policies deny, with its explain text', () => {
    // GIVEN the db-in policy is gone, so db no longer admits web
    const { model, result } = check(specWith(), [], POLICIES.filter((p) => (p as { metadata: { name: string } }).metadata.name !== 'db-in'));
    // THEN web => db is missing, and the explanation says which side denies it
    expect(result.missing.map((f) => `${f.src.label} => ${f.dst.label} : ${formatPortSet(f.ports)}`)).toEqual(['shop/web[Deployment] => shop/db[Deployment] : TCP 5432']);
    expect(result.unexpected).toEqual([]);
    const report = formatMatrixReport(result, model);
    expect(report.startsWith('missing (in the spec but denied):\n  shop/web[Deployment] => shop/db[Deployment] : TCP 5432\n')).toBe(true);
    expect(report).toContain('    DENIED: shop/web[Deployment] => shop/db[Deployment] on TCP 5432');
    expect(report).toContain('    Ingress to shop/db[Deployment]: denied (isolated, and no rule of the selecting policies admits it)');
  });

  it('splits a port mismatch on one pair into its unexpected and its missing ports', () => {
    // GIVEN the scrape policy opens 9100-9101 while the spec says 9100 and 9200
    const scrape = networkPolicy('shop', 'scrape', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ...MON, podSelector: { matchLabels: { app: 'scraper' } } }], ports: [{ port: 9100, endPort: 9101 }] }],
    });
    const policies = POLICIES.map((p) => ((p as { metadata: { name: string } }).metadata.name === 'scrape' ? scrape : p));
    const spec = specWith({ ingress: [{ from: { role: 'scraper' }, ports: ['TCP/9100', 'TCP/9200'], why: 'Metrics' }, SHOP.ingress[1]] });
    const { result } = check(spec, [], policies);
    // THEN 9101 is unexpected and 9200 missing, on both shop workloads
    const lines = (flows: typeof result.missing) => flows.map((f) => `${f.src.label} => ${f.dst.label} : ${formatPortSet(f.ports)}`);
    expect(lines(result.unexpected)).toEqual(['mon/scraper[Deployment] => shop/db[Deployment] : TCP 9101', 'mon/scraper[Deployment] => shop/web[Deployment] : TCP 9101']);
    expect(lines(result.missing)).toEqual(['mon/scraper[Deployment] => shop/db[Deployment] : TCP 9200', 'mon/scraper[Deployment] => shop/web[Deployment] : TCP 9200']);
  });

  it('compares external ranges at the finer of the two splits', () => {
    // GIVEN the spec narrows the internet to 203.0.113.0/24 and adds 192.0.2.1 on 22, which no policy mentions
    const spec = specWith({
      egress: [
        SHOP.egress[0],
        { to: { cidr: '203.0.113.0/24' }, ports: ['TCP/443'], why: 'Payments API', appliesTo: ['web'] },
        { to: { cidr: '192.0.2.1/32' }, ports: ['TCP/22'], why: 'Backups over SSH', appliesTo: ['web'] },
      ],
    });
    const { result } = check(spec);
    const lines = (flows: typeof result.missing) => flows.filter((f) => f.dst.type === 'external').map((f) => `${f.dst.label} : ${formatPortSet(f.ports)}`);
    // THEN the policy's wider range is unexpected outside the /24, and the /32 is missing as its own row
    expect(lines(result.missing)).toEqual(['192.0.2.1-192.0.2.1[External] : TCP 22']);
    expect(lines(result.unexpected)).toEqual([
      '0.0.0.0-9.255.255.255[External] : TCP 443',
      '11.0.0.0-192.0.2.0[External] : TCP 443',
      '192.0.2.1-192.0.2.1[External] : TCP 443',
      '192.0.2.2-203.0.112.255[External] : TCP 443',
      '203.0.114.0-255.255.255.255[External] : TCP 443',
    ]);
  });

  it('names every workload, role and namespace of the spec that the inventory lacks', () => {
    // GIVEN a spec that mentions things the inventory does not have
    const spec = specWith(
      {
        ingress: [
          { from: { workload: 'mon/grafana' }, ports: ['TCP/9100'], why: 'Dashboards' },
          { from: { role: 'alertmanager' }, ports: ['TCP/9100'], why: 'Alerts' },
          { from: { namespace: 'cert-manager' }, ports: ['TCP/9100'], why: 'Webhooks' },
        ],
        egress: [{ to: { workload: 'shop/db' }, ports: ['TCP/5432'], why: 'Queries', appliesTo: ['cache'] }],
      },
      { scraper: ['mon/prometheus'] },
    );
    const { result } = check(spec);
    // THEN each one is a problem that says what to fix
    expect(result.problems).toEqual([
      'Role "scraper": workload "mon/prometheus" is not in the inventory. Fix the name, or add the workload to inventory/workloads.yaml.',
      'shop ingress[0] (Dashboards): workload "mon/grafana" is not in the inventory. Fix the name, or add the workload to inventory/workloads.yaml.',
      'shop ingress[1] (Alerts): role "alertmanager" is not defined. Add it to the spec\'s roles, or use one of: scraper.',
      'shop ingress[2] (Webhooks): namespace "cert-manager" has no workloads in the inventory. Fix the name, or add its workloads to inventory/workloads.yaml.',
      'shop egress[0] (Queries): appliesTo names "cache", which is not a workload of shop in the inventory. Use one of: web, db.',
    ]);
  });

  it('reports a protected namespace without workloads', () => {
    // GIVEN a protected namespace the inventory knows nothing about
    const base = specWith();
    const spec: ConnectivitySpec = { ...base, namespaces: { ...base.namespaces, billing: { summary: 'Invoices', ingress: [], egress: [] } } };
    // THEN the matrix could say nothing about it, which is a problem rather than a pass
    expect(check(spec).result.problems).toEqual([
      'Namespace "billing" is protected but has no workloads in the inventory, so nothing about it can be checked. Add its workloads to inventory/workloads.yaml.',
    ]);
  });

  it('reports a flow between protected workloads that only one side declares', () => {
    // GIVEN db's ingress from web is left out of the spec, while web's egress to db stays
    const { result } = check(specWith({ ingress: [SHOP.ingress[0]] }));
    // THEN the spec contradicts itself, and the flow is not expected (the policies allow it, so it is unexpected too)
    expect(result.problems).toEqual([
      "shop/web[Deployment] => shop/db[Deployment]: shop's egress declares TCP 5432 but shop's ingress declares nothing. " +
        'Both namespaces are protected and the connection needs both sides, so declare the same ports in both entries.',
    ]);
    expect(result.unexpected.map((f) => `${f.src.label} => ${f.dst.label}`)).toEqual(['shop/web[Deployment] => shop/db[Deployment]']);
  });

  it('reports malformed ports, CIDRs and excepts with the fix', () => {
    const spec = specWith({
      ingress: [],
      egress: [
        { to: { cidr: '10.0.1.1/24' }, ports: ['TCP/443'], why: 'NAS' },
        { to: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] }, ports: ['TCP/70000' as 'TCP/1', 'tcp/80' as 'TCP/1'], why: 'LAN' },
        { to: { cidr: '10.0.0.0/8' }, ports: [], why: 'Anything' },
      ],
    });
    expect(check(spec).result.problems).toEqual([
      'shop egress[0] (NAS): CIDR "10.0.1.1/24": host bits are set (the address is not the first one of its block). Did you mean "10.0.1.0/24"?',
      'shop egress[1] (LAN): except "192.168.0.0/16" is not strictly inside "10.0.0.0/8". Remove it or narrow it.',
      'shop egress[1] (LAN): Port "TCP/70000" is outside 1-65535; use a port in that range.',
      "shop egress[1] (LAN): Port \"tcp/80\" is not PROTOCOL/PORT; write it like 'TCP/4566', 'UDP/53' or 'TCP/8000-8100' (protocol in capitals).",
      'shop egress[2] (Anything): no ports. List each port, e.g. \'TCP/8080\'; the spec never means "every port".',
    ]);
  });
});

describe('port helpers', () => {
  it('parses single ports and ranges', () => {
    expect(formatPortSet(parseSpecPort('UDP/53'))).toBe('UDP 53');
    expect(formatPortSet(parseSpecPort('TCP/8000-8100'))).toBe('TCP 8000-8100');
    expect(() => parseSpecPort('TCP/9000-8000')).toThrow("Port range \"TCP/9000-8000\" ends below its start; did you mean 'TCP/8000-9000'?");
  });

  it('subtracts port sets range by range', () => {
    const a = union(portRange('TCP', 1, 100), portRange('UDP', 53, 53));
    expect(formatPortSet(portDifference(a, portRange('TCP', 10, 20)))).toBe('TCP 1-9,21-100,UDP 53');
    expect(formatPortSet(portDifference(a, a))).toBe('No Connections');
    expect(formatPortSet(portDifference(portRange('TCP', 5, 5), portRange('UDP', 5, 5)))).toBe('TCP 5');
  });

  it('samples the lowest TCP port first', () => {
    expect(samplePort(union(portRange('UDP', 53, 53), portRange('TCP', 443, 444)))).toEqual({ protocol: 'TCP', port: 443 });
    expect(samplePort(portRange('UDP', 53, 53))).toEqual({ protocol: 'UDP', port: 53 });
  });
});
