import { diffModels, formatConnSet, formatPortSet, listConnections, type ConnectionDiff } from '../../../netpol/analyzer';
import { fromPortSet } from '../../../netpol/analyzer/conn-set';
import { portRange, union, type PortSet } from '../../../netpol/analyzer/ports';
import { ANYWHERE, CLIENT, CLUSTER, DB, deployment, modelOf, networkPolicy, WEB } from './harness';

/** A diff line as text, so expectations read like the txt output. */
function lines(diffs: readonly ConnectionDiff[]): string[] {
  return diffs.map((d) => `${d.type} ${d.src.label} => ${d.dst.label} : ${formatConnSet(d.ref1)} -> ${formatConnSet(d.ref2)}${d.newOrRemovedWorkloads.length === 0 ? '' : ` [${d.newOrRemovedWorkloads.join(' and ')}]`}`);
}

function diff(before: readonly object[], after: readonly object[]): string[] {
  return lines(diffModels(modelOf(before), modelOf(after)));
}

const denyAll = (ns: string) => networkPolicy(ns, 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const webFrom = (name: string, from: object[], ports: object[]) => networkPolicy('a', name, { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from, ports }] });
const dbFrom = (from: object[], ports: object[]) => networkPolicy('a', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from, ports }] });
const cidr = (block: string) => ({ ipBlock: { cidr: block } });
// Only ingress rules below, so egress is denied everywhere and external sources are the only external peers.
const isolated = [...CLUSTER, denyAll('a'), denyAll('b')];

describe('diffModels', () => {
  it('is empty for the same state', () => {
    const state = [...isolated, webFrom('web-in', [cidr('10.0.0.0/8')], [{ port: 80 }])];
    expect(diff(state, state)).toEqual([]);
  });

  it('reports changed, added and removed workload pairs in that order, each sorted by source then destination', () => {
    // GIVEN the client egress to both web and db, and web's and db's ingress from it that the change rewrites
    const clientOut = networkPolicy('b', 'client-out', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] });
    const from = [{ namespaceSelector: {} }];
    const before = [...isolated, clientOut, webFrom('web-in', from, [{ port: 80 }]), dbFrom(from, [{ port: 5432 }])];
    const after = [...isolated, clientOut, webFrom('web-in', from, [{ port: 443 }]), networkPolicy('a', 'db-out', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }] })];

    // THEN web's port changes, db -> web appears (db egress and web ingress from any namespace), client -> db goes
    expect(diff(before, after)).toEqual([
      `changed ${CLIENT} => ${WEB} : TCP 80 -> TCP 443`,
      `added ${DB} => ${WEB} : No Connections -> TCP 443`,
      `removed ${CLIENT} => ${DB} : TCP 5432 -> No Connections`,
    ]);
  });

  it('does not report an unrelated ipBlock that only re-cuts the external ranges', () => {
    // GIVEN web admits 10.0.0.0/8, and the change adds a /32 for db inside that range
    const before = [...isolated, webFrom('web-in', [cidr('10.0.0.0/8')], [{ port: 80 }])];
    const after = [...before, dbFrom([cidr('10.0.1.2/32')], [{ port: 5432 }])];

    // THEN the listing of web's sources is cut differently...
    const webSources = (objects: readonly object[]) => listConnections(modelOf(objects)).filter((c) => c.dst.label === WEB).map((c) => c.src.label);
    expect(webSources(before)).toEqual(['10.0.0.0-10.255.255.255[External]']);
    expect(webSources(after)).toEqual(['10.0.0.0-10.0.1.1[External]', '10.0.1.2-10.0.1.2[External]', '10.0.1.3-10.255.255.255[External]']);
    // ...but the diff has db's new source only
    expect(diff(before, after)).toEqual([`added 10.0.1.2-10.0.1.2[External] => ${DB} : No Connections -> TCP 5432`]);
  });

  it('merges adjacent ranges with the same change, and keeps ranges with different changes apart', () => {
    // GIVEN web admits two adjacent halves separately (two atoms) on 80, and then one block on 443 and a /24 on 22 too
    const before = [...isolated, webFrom('web-in', [cidr('10.0.0.0/9'), cidr('10.128.0.0/9')], [{ port: 80 }])];
    const after = [...isolated, webFrom('web-in', [cidr('10.0.0.0/8')], [{ port: 443 }]), webFrom('web-ssh', [cidr('10.1.0.0/24')], [{ port: 22 }])];

    expect(diff(before, after)).toEqual([
      `changed 10.0.0.0-10.0.255.255[External] => ${WEB} : TCP 80 -> TCP 443`,
      `changed 10.1.0.0-10.1.0.255[External] => ${WEB} : TCP 80 -> TCP 22,443`,
      `changed 10.1.1.0-10.255.255.255[External] => ${WEB} : TCP 80 -> TCP 443`,
    ]);
  });

  it('compares external destinations the same way', () => {
    const webOut = (block: string) => networkPolicy('a', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [cidr(block)], ports: [{ port: 443 }] }] });
    expect(diff([...isolated, webOut('192.168.0.0/16')], [...isolated, webOut('192.168.1.0/24')])).toEqual([
      `removed ${WEB} => 192.168.0.0-192.168.0.255[External] : TCP 443 -> No Connections`,
      `removed ${WEB} => 192.168.2.0-192.168.255.255[External] : TCP 443 -> No Connections`,
    ]);
  });

  it('names the workloads that exist on one side only', () => {
    // GIVEN no policies, so every pair is allowed; the change replaces db with cache
    const cache = deployment('a', 'cache', { app: 'cache' });
    const withoutDb = CLUSTER.filter((o) => (o as { metadata: { name: string } }).metadata.name !== 'db');
    const result = diff(CLUSTER, [...withoutDb, cache]);
    const CACHE = 'a/cache[Deployment]';

    expect(result).toContain(`added ${CACHE} => ${WEB} : No Connections -> All Connections [${CACHE}]`);
    expect(result).toContain(`added 0.0.0.0-255.255.255.255[External] => ${CACHE} : No Connections -> All Connections [${CACHE}]`);
    expect(result).toContain(`removed ${DB} => ${CLIENT} : All Connections -> No Connections [${DB}]`);
    // Both ends new or gone would read "X and Y"; here one pair has neither, so it does not appear at all
    expect(result.filter((line) => line.includes(`${CLIENT} => ${WEB}`))).toEqual([]);
    expect(result.every((line) => line.includes(CACHE) || line.includes(DB))).toBe(true);
  });

  it('lists both workloads of a pair that exist on one side only, source first', () => {
    const only = [deployment('n', 'x', { app: 'x' }), deployment('n', 'y', { app: 'y' })];
    expect(diff([], only).filter((line) => !line.includes('External'))).toEqual([
      'added n/x[Deployment] => n/y[Deployment] : No Connections -> All Connections [n/x[Deployment] and n/y[Deployment]]',
      'added n/y[Deployment] => n/x[Deployment] : No Connections -> All Connections [n/y[Deployment] and n/x[Deployment]]',
    ]);
  });
});

/** Calico objects for the table below. */
const gnp = (name: string, spec: object) => ({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name }, spec });
const cnp = (namespace: string, name: string, spec: object) => ({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
/** web's egress: only what `egress` allows (the default tier's end denies the rest). */
const webOutCalico = (egress: object[]) => cnp('a', 'web-out', { selector: "app == 'web'", types: ['Egress'], egress });
const webInCalico = (ingress: object[]) => cnp('a', 'web-in', { selector: "app == 'web'", types: ['Ingress'], ingress });
const allow = (extra: object) => ({ action: 'Allow', ...extra });
const TCP_443 = allow({ protocol: 'TCP', destination: { ports: [443] } });
const ICMP_ALL = allow({ protocol: 'ICMP' });
const ICMP_ECHO = allow({ protocol: 'ICMP', icmp: { type: 8, code: 0 } });
const GRE = allow({ protocol: 47 });
const TEN = '10.0.0.0-10.255.255.255[External]';
/** diffConnections' order within one type: source, then destination label, comparing bytes. */
const byPair = (a: string, b: string): number => {
  const [, src1, , dst1] = a.split(' ');
  const [, src2, , dst2] = b.split(' ');
  return src1 < src2 ? -1 : src1 > src2 ? 1 : dst1 < dst2 ? -1 : dst1 > dst2 ? 1 : 0;
};

describe('diffModels with Calico: ICMP and other IP protocols count, in the grammar netpol list uses', () => {
  // GIVEN the shared cluster and the row's policies in each state WHEN diffed THEN exactly these lines
  it.each<[string, object[], object[], string[]]>([
    ['adding ICMP to a TCP egress is a change of every pair the rule reaches', [webOutCalico([TCP_443])], [webOutCalico([TCP_443, ICMP_ALL])], [
      `changed ${WEB} => ${CLIENT} : TCP 443 -> ICMP,TCP 443`,
      `changed ${WEB} => ${DB} : TCP 443 -> ICMP,TCP 443`,
      `changed ${WEB} => ${ANYWHERE} : TCP 443 -> ICMP,TCP 443`,
    ]],
    ['a Calico policy allowing ICMP egress, where nothing was allowed, is added', [webOutCalico([])], [webOutCalico([ICMP_ECHO])], [
      `added ${WEB} => ${CLIENT} : No Connections -> ICMP 8/0`,
      `added ${WEB} => ${DB} : No Connections -> ICMP 8/0`,
      `added ${WEB} => ${ANYWHERE} : No Connections -> ICMP 8/0`,
    ]],
    ['removing the only rule, an ICMP one, is removed', [webOutCalico([ICMP_ECHO])], [webOutCalico([])], [
      `removed ${WEB} => ${CLIENT} : ICMP 8/0 -> No Connections`,
      `removed ${WEB} => ${DB} : ICMP 8/0 -> No Connections`,
      `removed ${WEB} => ${ANYWHERE} : ICMP 8/0 -> No Connections`,
    ]],
    ['narrowing ICMP to one type and code is a change', [webInCalico([ICMP_ALL])], [webInCalico([ICMP_ECHO])], [
      `changed ${DB} => ${WEB} : ICMP -> ICMP 8/0`,
      `changed ${CLIENT} => ${WEB} : ICMP -> ICMP 8/0`,
      `changed ${ANYWHERE} => ${WEB} : ICMP -> ICMP 8/0`,
    ]],
    ['another IP protocol by number', [webInCalico([TCP_443])], [webInCalico([TCP_443, GRE])], [
      `changed ${ANYWHERE} => ${WEB} : TCP 443 -> Protocol 47,TCP 443`,
      `changed ${CLIENT} => ${WEB} : TCP 443 -> Protocol 47,TCP 443`,
      `changed ${DB} => ${WEB} : TCP 443 -> Protocol 47,TCP 443`,
    ]],
    ['a Deny of ICMP before an allow-all takes ICMP away from All Connections', [webInCalico([allow({})])], [webInCalico([{ action: 'Deny', protocol: 'ICMP' }, allow({})])], [
      `changed ${ANYWHERE} => ${WEB} : All Connections -> Protocol 0,2-5,7-16,18-131,133-255,SCTP 1-65535,TCP 1-65535,UDP 1-65535`,
      `changed ${CLIENT} => ${WEB} : All Connections -> Protocol 0,2-5,7-16,18-131,133-255,SCTP 1-65535,TCP 1-65535,UDP 1-65535`,
      `changed ${DB} => ${WEB} : All Connections -> Protocol 0,2-5,7-16,18-131,133-255,SCTP 1-65535,TCP 1-65535,UDP 1-65535`,
    ]],
    ['ICMP to an external range: segments with the same change merge, as for ports', [webOutCalico([allow({ protocol: 'ICMP', destination: { nets: ['10.0.0.0/9'] } }), allow({ protocol: 'ICMP', destination: { nets: ['10.128.0.0/9'] } })])], [webOutCalico([allow({ protocol: 'ICMP', destination: { nets: ['10.0.0.0/8'] } })])], []],
    ['ICMP added towards part of a range', [webOutCalico([allow({ protocol: 'TCP', destination: { nets: ['10.0.0.0/8'], ports: [443] } })])], [webOutCalico([allow({ protocol: 'TCP', destination: { nets: ['10.0.0.0/8'], ports: [443] } }), allow({ protocol: 'ICMP', destination: { nets: ['10.0.0.0/8'] } })])], [
      `changed ${WEB} => ${TEN} : TCP 443 -> ICMP,TCP 443`,
    ]],
    ['the same connections written differently (a Kubernetes allow-all and a Calico one) are no change', [networkPolicy('a', 'all-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] })], [webInCalico([allow({})])], []],
    ['a Kubernetes state against a Calico state: a port-only Calico allow differs from the Kubernetes allow-all by every other protocol', [networkPolicy('a', 'all-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] })], [webInCalico([allow({ protocol: 'TCP' }), allow({ protocol: 'UDP' }), allow({ protocol: 'SCTP' })])], [
      `changed ${ANYWHERE} => ${WEB} : All Connections -> SCTP 1-65535,TCP 1-65535,UDP 1-65535`,
      `changed ${CLIENT} => ${WEB} : All Connections -> SCTP 1-65535,TCP 1-65535,UDP 1-65535`,
      `changed ${DB} => ${WEB} : All Connections -> SCTP 1-65535,TCP 1-65535,UDP 1-65535`,
    ]],
    ['a GlobalNetworkPolicy allowing ICMP out of every pod, behind a deny of everything else', [gnp('deny-out', { order: 100, selector: 'all()', types: ['Egress'], egress: [{ action: 'Deny' }] })], [gnp('icmp-out', { order: 10, selector: 'all()', types: ['Egress'], egress: [ICMP_ALL] }), gnp('deny-out', { order: 100, selector: 'all()', types: ['Egress'], egress: [{ action: 'Deny' }] })], [
      `added ${DB} => ${CLIENT} : No Connections -> ICMP`,
      `added ${DB} => ${WEB} : No Connections -> ICMP`,
      `added ${DB} => ${ANYWHERE} : No Connections -> ICMP`,
      `added ${WEB} => ${CLIENT} : No Connections -> ICMP`,
      `added ${WEB} => ${DB} : No Connections -> ICMP`,
      `added ${WEB} => ${ANYWHERE} : No Connections -> ICMP`,
      `added ${CLIENT} => ${DB} : No Connections -> ICMP`,
      `added ${CLIENT} => ${WEB} : No Connections -> ICMP`,
      `added ${CLIENT} => ${ANYWHERE} : No Connections -> ICMP`,
    ]],
  ])('%s', (_name, before, after, expected) => {
    // The table lists each row's lines in any order; the diff's own order (by type, source, destination) is tested above.
    expect(diff([...CLUSTER, ...before], [...CLUSTER, ...after])).toEqual([...expected].sort(byPair));
  });

  it('agrees with netpol list: every changed or added pair\'s ref2 is the pair\'s conns in the new listing', () => {
    const after = [...CLUSTER, webOutCalico([TCP_443, ICMP_ECHO, GRE])];
    const listed = new Map(listConnections(modelOf(after)).map((c) => [`${c.src.label} ${c.dst.label}`, formatConnSet(c.conns!)]));
    const diffs = diffModels(modelOf([...CLUSTER, webOutCalico([])]), modelOf(after));
    expect(diffs.length).toBe(3);
    for (const d of diffs) expect(formatConnSet(d.ref2)).toBe(listed.get(`${d.src.label} ${d.dst.label}`));
  });
});

describe('a Kubernetes-only state\'s ports as connections', () => {
  // The txt diff of Kubernetes-only states must stay np-guard's, so every PortSet prints as before.
  const sets: [string, PortSet][] = [
    ['one port', portRange('TCP', 80)],
    ['ranges of every protocol', union(union(portRange('SCTP', 7070), portRange('TCP', 8080, 8081)), portRange('UDP', 53))],
    ['every port of every protocol', union(union(portRange('SCTP', 1, 65535), portRange('TCP', 1, 65535)), portRange('UDP', 1, 65535))],
    ['adjacent ranges', union(portRange('TCP', 10053), portRange('TCP', 10054))],
    ['nothing', portRange('TCP', 2, 1)],
  ];
  it.each(sets)('%s prints the same in both notations', (_name, ports) => {
    expect(formatConnSet(fromPortSet(ports))).toBe(formatPortSet(ports));
  });
});
