import { calicoNote, diffModels, formatDiff, type ConnectionDiff, type DiffOutputFormat, type UnevaluatedPolicy } from '../../../../netpol/analyzer';
import { deployment, modelOf, networkPolicy } from '../harness';

// GIVEN web -> db on TCP 5432 becomes TCP 5432-5433,UDP 53, and web reaches a new workload on the same ports
const workloads = [deployment('shop', 'web', { app: 'web' }), deployment('shop', 'db', { app: 'db' })];
const deny = networkPolicy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const webOut = (ports: object[]) => networkPolicy('shop', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }], ports }] });
const dbIn = networkPolicy('shop', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
const newIn = networkPolicy('shop', 'new-in', { podSelector: { matchLabels: { app: 'new' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
const before = modelOf([...workloads, deny, dbIn, webOut([{ port: 5432 }])]);
const after = modelOf([...workloads, deployment('shop', 'new', { app: 'new' }), deny, dbIn, newIn, webOut([{ port: 5432, endPort: 5433 }, { port: 53, protocol: 'UDP' }])]);
const diffs: ConnectionDiff[] = diffModels(before, after);
const calico: UnevaluatedPolicy[] = [{ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', name: 'deny-all', source: { file: 'old/calico.yaml', line: 1 } }];

const NO_PROTOCOLS = { ICMP: [], OTHER: [] };
const CHANGED = { src: 'shop/web[Deployment]', dst: 'shop/db[Deployment]', ref1: 'TCP 5432', ref2: 'TCP 5432-5433,UDP 53' };
const ADDED = { src: 'shop/web[Deployment]', dst: 'shop/new[Deployment]', ref1: 'No Connections', ref2: 'TCP 5432-5433,UDP 53', info: 'workload shop/new[Deployment] added' };

describe('formatDiff', () => {
  it('computes the two lines the formats below show', () => {
    expect(diffs.map((d) => [d.type, d.src.label, d.dst.label])).toEqual([['changed', CHANGED.src, CHANGED.dst], ['added', ADDED.src, ADDED.dst]]);
  });

  it('txt is np-guard\'s diff format, and empty when nothing differs', () => {
    expect(formatDiff(diffs, 'txt')).toBe([
      'Connectivity diff:',
      `diff-type: changed, source: ${CHANGED.src}, destination: ${CHANGED.dst}, ref1: ${CHANGED.ref1}, ref2: ${CHANGED.ref2}`,
      `diff-type: added, source: ${ADDED.src}, destination: ${ADDED.dst}, ref1: ${ADDED.ref1}, ref2: ${ADDED.ref2}, workloads-diff-info: ${ADDED.info}`,
      '',
    ].join('\n'));
    expect(formatDiff([], 'txt')).toBe('');
  });

  it('md has a heading, the counts, the table and a note per state with Calico policies, and is empty when nothing differs', () => {
    expect(formatDiff(diffs, 'md', { calicoPolicies: { ref1: calico, ref2: [] } })).toBe([
      '## Connectivity diff',
      '',
      '2 source-destination pairs allow different connections: 1 changed, 1 added, 0 removed (ref1 is the old state, ref2 the new).',
      '',
      '| diff-type | source | destination | ref1 | ref2 | workloads-diff-info |',
      '|-----------|--------|-------------|------|------|---------------------|',
      `| changed | ${CHANGED.src} | ${CHANGED.dst} | ${CHANGED.ref1} | ${CHANGED.ref2} |  |`,
      `| added | ${ADDED.src} | ${ADDED.dst} | ${ADDED.ref1} | ${ADDED.ref2} | ${ADDED.info} |`,
      '',
      `> Note: ref1: ${calicoNote(calico).slice('Note: '.length)}`,
      '',
    ].join('\n'));
    expect(formatDiff([], 'md', { calicoPolicies: { ref1: calico, ref2: calico } })).toBe('');
  });

  it('md escapes pipes in cells', () => {
    const piped = diffs.map((d) => ({ ...d, src: { ...d.src, label: 'a|b' } }));
    expect(formatDiff(piped, 'md').split('\n')[6]).toBe(`| changed | a\\|b | ${CHANGED.dst} | ${CHANGED.ref1} | ${CHANGED.ref2} |  |`);
  });

  it('csv has np-guard\'s columns, RFC 4180 quoting and CRLF, and is the header alone when nothing differs', () => {
    const header = 'diff-type,source,destination,ref1,ref2,workloads-diff-info\r\n';
    expect(formatDiff(diffs, 'csv')).toBe(
      `${header}changed,${CHANGED.src},${CHANGED.dst},${CHANGED.ref1},"${CHANGED.ref2}",\r\nadded,${ADDED.src},${ADDED.dst},${ADDED.ref1},"${ADDED.ref2}",${ADDED.info}\r\n`,
    );
    expect(formatDiff([], 'csv')).toBe(header);
  });

  it('json carries the ranges, the counts and always the Calico field', () => {
    expect(JSON.parse(formatDiff(diffs, 'json', { calicoPolicies: { ref1: [], ref2: calico } }))).toEqual({
      diffs: [
        {
          diffType: 'changed', src: CHANGED.src, dst: CHANGED.dst,
          ref1: { conn: CHANGED.ref1, ports: { SCTP: [], TCP: [[5432, 5432]], UDP: [] }, protocols: NO_PROTOCOLS },
          ref2: { conn: CHANGED.ref2, ports: { SCTP: [], TCP: [[5432, 5433]], UDP: [[53, 53]] }, protocols: NO_PROTOCOLS },
          newOrRemovedWorkloads: [],
        },
        {
          diffType: 'added', src: ADDED.src, dst: ADDED.dst,
          ref1: { conn: ADDED.ref1, ports: { SCTP: [], TCP: [], UDP: [] }, protocols: NO_PROTOCOLS },
          ref2: { conn: ADDED.ref2, ports: { SCTP: [], TCP: [[5432, 5433]], UDP: [[53, 53]] }, protocols: NO_PROTOCOLS },
          newOrRemovedWorkloads: [ADDED.dst],
        },
      ],
      summary: { changed: 1, added: 1, removed: 0 },
      calicoPoliciesNotEvaluated: { ref1: [], ref2: [{ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', name: 'deny-all', file: 'old/calico.yaml', line: 1 }] },
    });
    expect(JSON.parse(formatDiff([], 'json'))).toEqual({ diffs: [], summary: { changed: 0, added: 0, removed: 0 }, calicoPoliciesNotEvaluated: { ref1: [], ref2: [] } });
  });
});

describe('formatDiff with Calico: ICMP and other protocols in every format, in netpol list\'s grammar', () => {
  // GIVEN web's Calico egress to db: TCP 5432, then also ICMP echo requests and GRE
  const cnp = (egress: object[]) => ({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'web-out', namespace: 'shop' }, spec: { selector: "app == 'web'", types: ['Egress'], egress } });
  const tcp = { action: 'Allow', protocol: 'TCP', destination: { selector: "app == 'db'", ports: [5432] } };
  const echo = { action: 'Allow', protocol: 'ICMP', icmp: { type: 8, code: 0 }, destination: { selector: "app == 'db'" } };
  const gre = { action: 'Allow', protocol: 47, destination: { selector: "app == 'db'" } };
  const calicoDiffs = diffModels(modelOf([...workloads, cnp([tcp])]), modelOf([...workloads, cnp([tcp, echo, gre])]));
  const LINE = { src: 'shop/web[Deployment]', dst: 'shop/db[Deployment]', ref1: 'TCP 5432', ref2: 'ICMP 8/0,Protocol 47,TCP 5432' };

  it.each<[DiffOutputFormat, string]>([
    ['txt', `Connectivity diff:\ndiff-type: changed, source: ${LINE.src}, destination: ${LINE.dst}, ref1: ${LINE.ref1}, ref2: ${LINE.ref2}\n`],
    ['csv', `diff-type,source,destination,ref1,ref2,workloads-diff-info\r\nchanged,${LINE.src},${LINE.dst},${LINE.ref1},"${LINE.ref2}",\r\n`],
    ['md', `| changed | ${LINE.src} | ${LINE.dst} | ${LINE.ref1} | ${LINE.ref2} |  |`],
  ])('%s', (format, expected) => {
    const output = formatDiff(calicoDiffs, format);
    if (format === 'md') expect(output.split('\n')[6]).toBe(expected);
    else expect(output).toBe(expected);
  });

  it('json: conn as listed, the ports, and the ICMP ranges (type×256+code) and protocol numbers', () => {
    expect(JSON.parse(formatDiff(calicoDiffs, 'json')).diffs).toEqual([
      {
        diffType: 'changed', src: LINE.src, dst: LINE.dst,
        ref1: { conn: LINE.ref1, ports: { SCTP: [], TCP: [[5432, 5432]], UDP: [] }, protocols: NO_PROTOCOLS },
        ref2: { conn: LINE.ref2, ports: { SCTP: [], TCP: [[5432, 5432]], UDP: [] }, protocols: { ICMP: [[2048, 2048]], OTHER: [[47, 47]] } },
        newOrRemovedWorkloads: [],
      },
    ]);
  });
});
