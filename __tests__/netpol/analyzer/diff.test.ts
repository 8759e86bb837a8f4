import { diffModels, formatPortSet, listConnections, type ConnectionDiff } from '../../../netpol/analyzer';
import { CLIENT, CLUSTER, DB, deployment, modelOf, networkPolicy, WEB } from './harness';

/** A diff line as text, so expectations read like the txt output. */
function lines(diffs: readonly ConnectionDiff[]): string[] {
  return diffs.map((d) => `${d.type} ${d.src.label} => ${d.dst.label} : ${formatPortSet(d.ref1)} -> ${formatPortSet(d.ref2)}${d.newOrRemovedWorkloads.length === 0 ? '' : ` [${d.newOrRemovedWorkloads.join(' and ')}]`}`);
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
