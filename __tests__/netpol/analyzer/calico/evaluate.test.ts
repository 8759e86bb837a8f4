import { explain, listConnections } from '../../../../netpol/analyzer';
import { containsConn } from '../../../../netpol/analyzer/conn-set';
import { ANYWHERE, CLIENT, CLUSTER, connsBetween, DB, deployment, modelOf, networkPolicy, WEB } from '../harness';

/** Calico objects for the table; each test states just the policies it is about. */
const gnp = (name: string, spec: object) => ({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name }, spec });
const cnp = (ns: string, name: string, spec: object) => ({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
const tier = (name: string, order: number | undefined, defaultAction?: string) => ({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name }, spec: { ...(order === undefined ? {} : { order }), ...(defaultAction ? { defaultAction } : {}) } });
/** A GlobalNetworkPolicy in a tier, named `<tier>.<name>` as Calico v3.31 requires. */
const tiered = (tierName: string, name: string, spec: object) => gnp(`${tierName}.${name}`, { tier: tierName, ...spec });
const gns = (name: string, labels: Record<string, string>, nets: string[]) => ({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet', metadata: { name, labels }, spec: { nets } });
const ns = (namespace: string, name: string, labels: Record<string, string>, nets: string[]) => ({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkSet', metadata: { name, namespace, labels }, spec: { nets } });
const withServiceAccount = (namespace: string, name: string, labels: Record<string, string>, serviceAccountName: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { template: { metadata: { labels }, spec: { serviceAccountName, containers: [{ name: 'main', image: 'example' }] } } },
});

const WEB_SELECTOR = "app == 'web'";
/** web's ingress: only what `rules` allow (the default tier's end denies the rest). */
const webIn = (ingress: object[], extra: object = {}) => gnp('web-in', { selector: WEB_SELECTOR, types: ['Ingress'], ingress, ...extra });
const webOut = (egress: object[], extra: object = {}) => gnp('web-out', { selector: WEB_SELECTOR, types: ['Egress'], egress, ...extra });
const denyAll = (name: string, extra: object = {}) => gnp(name, { selector: 'all()', types: ['Ingress', 'Egress'], ingress: [{ action: 'Deny' }], egress: [{ action: 'Deny' }], ...extra });
const allowAll = (name: string, extra: object = {}) => gnp(name, { selector: 'all()', types: ['Ingress', 'Egress'], ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }], ...extra });
/** Every connection except TCP 80, in the extended grammar. */
const ALL_BUT_TCP_80 = 'ICMP,Protocol 0,2-5,7-16,18-131,133-255,SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535';
const TEN = '10.0.0.0-10.255.255.255[External]';
const NAS = '192.168.1.0-192.168.1.255[External]';

describe('Calico evaluation: one row per evaluation rule (felix/rules/endpoints.go, felix/calc/policy_sorter.go)', () => {
  // GIVEN the shared cluster (a/web, a/db, b/client) plus the row's objects WHEN listed THEN the pair's conns are as stated
  it.each<[string, object[], string, string, string | undefined]>([
    ['a policy selecting the endpoint whose rules match nothing ends in the default tier\'s Deny', [webIn([])], CLIENT, WEB, undefined],
    ['an Allow rule admits what it matches, the end of the tier denies the rest', [webIn([{ action: 'Allow', protocol: 'TCP', destination: { ports: [80] } }])], CLIENT, WEB, 'TCP 80'],
    ['rules run in order: a Deny before an Allow wins', [webIn([{ action: 'Deny', protocol: 'TCP', destination: { ports: [80] } }, { action: 'Allow' }])], CLIENT, WEB, ALL_BUT_TCP_80],
    ['Log is not terminal: evaluation goes on with the next rule', [webIn([{ action: 'Log' }, { action: 'Allow', protocol: 'TCP', destination: { ports: [80] } }])], CLIENT, WEB, 'TCP 80'],
    ['policies run by order: the lower order decides first', [gnp('b', { order: 10, selector: WEB_SELECTOR, ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [80] } }] }), gnp('a', { order: 20, selector: WEB_SELECTOR, ingress: [{ action: 'Allow' }] })], CLIENT, WEB, ALL_BUT_TCP_80],
    ['policies run by order: a later Deny cannot take back an Allow', [gnp('a', { order: 10, selector: WEB_SELECTOR, ingress: [{ action: 'Allow' }] }), gnp('b', { order: 20, selector: WEB_SELECTOR, ingress: [{ action: 'Deny' }] })], CLIENT, WEB, 'All Connections'],
    ['the order is a float', [gnp('a', { order: 1.5, selector: WEB_SELECTOR, ingress: [{ action: 'Deny' }] }), gnp('b', { order: 1.25, selector: WEB_SELECTOR, ingress: [{ action: 'Allow' }] })], CLIENT, WEB, 'All Connections'],
    ['the same order: the name breaks the tie (a-deny first)', [gnp('b-allow', { order: 10, selector: WEB_SELECTOR, ingress: [{ action: 'Allow' }] }), gnp('a-deny', { order: 10, selector: WEB_SELECTOR, ingress: [{ action: 'Deny' }] })], CLIENT, WEB, undefined],
    ['a policy without order sorts after every ordered one', [gnp('a-allow', { selector: WEB_SELECTOR, ingress: [{ action: 'Allow' }] }), gnp('z-deny', { order: 5000, selector: WEB_SELECTOR, ingress: [{ action: 'Deny' }] })], CLIENT, WEB, undefined],
    ['Kubernetes NetworkPolicies are in the default tier at order 1000: a Calico Deny at 999 comes first', [networkPolicy('a', 'web-all', { podSelector: {}, ingress: [{}] }), gnp('deny-80', { order: 999, selector: WEB_SELECTOR, ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [80] } }] })], CLIENT, WEB, ALL_BUT_TCP_80],
    ['Kubernetes NetworkPolicies are in the default tier at order 1000: a Calico Deny at 1001 comes too late', [networkPolicy('a', 'web-all', { podSelector: {}, ingress: [{}] }), gnp('deny-80', { order: 1001, selector: WEB_SELECTOR, ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [80] } }] })], CLIENT, WEB, 'All Connections'],
    ['a Kubernetes policy that selects the endpoint but admits nothing falls through to later policies of the tier', [networkPolicy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), gnp('later-allow', { order: 2000, selector: WEB_SELECTOR, ingress: [{ action: 'Allow', protocol: 'UDP' }] })], CLIENT, WEB, 'UDP 1-65535'],
    ['tiers run by order: an earlier tier\'s Deny wins over the default tier', [tier('security', 100), tiered('security', 'deny-80', { selector: WEB_SELECTOR, ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [80] } }, { action: 'Pass' }] }), allowAll('allow-all')], CLIENT, WEB, ALL_BUT_TCP_80],
    ['tiers with the same order run by name', [tier('b-tier', 100), tier('a-tier', 100), tiered('a-tier', 'deny', { selector: WEB_SELECTOR, ingress: [{ action: 'Deny' }] }), tiered('b-tier', 'allow', { selector: WEB_SELECTOR, ingress: [{ action: 'Allow' }] })], CLIENT, WEB, undefined],
    ['a tier without order comes after the default tier', [tier('late', undefined), tiered('late', 'deny', { selector: WEB_SELECTOR, ingress: [{ action: 'Deny' }] }), gnp('pass', { selector: WEB_SELECTOR, ingress: [{ action: 'Pass' }] })], CLIENT, WEB, undefined],
    ['Pass goes on with the next tier', [tier('first', 100), tiered('first', 'pass', { selector: WEB_SELECTOR, ingress: [{ action: 'Pass' }] }), webIn([{ action: 'Allow', protocol: 'UDP', destination: { ports: [53] } }])], CLIENT, WEB, 'UDP 53'],
    ['Pass in the last tier reaches the profile, which allows', [gnp('pass', { selector: WEB_SELECTOR, ingress: [{ action: 'Pass' }] })], CLIENT, WEB, 'All Connections'],
    ['a tier whose defaultAction is Pass hands what it does not match to the next tier', [tier('platform', 100, 'Pass'), tiered('platform', 'deny-80', { selector: WEB_SELECTOR, ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [80] } }] })], CLIENT, WEB, ALL_BUT_TCP_80],
    ['a tier with defaultAction Deny denies what its policies do not match, whatever later tiers say', [tier('strict', 100), tiered('strict', 'dns', { selector: WEB_SELECTOR, types: ['Egress'], egress: [{ action: 'Allow', protocol: 'UDP', destination: { ports: [53] } }] }), allowAll('allow-all')], WEB, DB, 'UDP 53'],
    ['a tier with no policy for the endpoint is skipped', [tier('strict', 100), tiered('strict', 'db', { selector: "app == 'db'", types: ['Egress'] })], WEB, CLIENT, 'All Connections'],
    ['an endpoint no tier selects falls through to the profile (allow)', [gnp('db-only', { selector: "app == 'db'", ingress: [{ action: 'Deny' }] })], CLIENT, WEB, 'All Connections'],
    ['a policy with types [Ingress] takes no part in egress', [tier('strict', 100), tiered('strict', 'web-in', { selector: WEB_SELECTOR, types: ['Ingress'] })], WEB, DB, 'All Connections'],
    ['a policy with types [Ingress] isolates ingress', [tier('strict', 100), tiered('strict', 'web-in', { selector: WEB_SELECTOR, types: ['Ingress'] })], CLIENT, WEB, undefined],
    ['types default to Egress when only egress rules exist, so ingress is untouched', [gnp('web-out', { selector: WEB_SELECTOR, egress: [{ action: 'Deny' }] })], CLIENT, WEB, 'All Connections'],
    ['types default to Egress when only egress rules exist, and egress follows them', [gnp('web-out', { selector: WEB_SELECTOR, egress: [{ action: 'Deny' }] })], WEB, DB, undefined],
    ['types default to Ingress when there are no rules at all', [gnp('web-nothing', { selector: WEB_SELECTOR })], CLIENT, WEB, undefined],
    ['an absent selector is all()', [gnp('everyone', { types: ['Ingress'] })], WEB, DB, undefined],
    ['a connection needs the source\'s egress and the destination\'s ingress', [webIn([{ action: 'Allow', protocol: 'TCP', destination: { ports: ['85:100'] } }]), gnp('client-out', { selector: "app == 'client'", types: ['Egress'], egress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: ['80:90'] } }] })], CLIENT, WEB, 'TCP 85-90'],
    ['staged policies are never enforced', [{ apiVersion: 'projectcalico.org/v3', kind: 'StagedGlobalNetworkPolicy', metadata: { name: 'deny' }, spec: { selector: 'all()', types: ['Ingress'] } }], CLIENT, WEB, 'All Connections'],
    ['preDNAT and doNotTrack policies apply to host endpoints, not pods', [denyAll('raw', { doNotTrack: true, applyOnForward: true })], CLIENT, WEB, 'All Connections'],
  ])('%s', (_name, objects, src, dst, expected) => {
    expect(connsBetween([...CLUSTER, ...objects], src, dst)).toBe(expected);
  });
});

describe('Calico evaluation: one row per construct of the rule and selector language', () => {
  it.each<[string, object[], string, string, string | undefined]>([
    ['a namespaced policy selects only pods of its namespace', [cnp('b', 'deny', { selector: 'all()', types: ['Ingress'] })], CLIENT, WEB, 'All Connections'],
    ['a namespaced policy\'s rule selector matches its own namespace only', [cnp('a', 'web-in', { selector: WEB_SELECTOR, ingress: [{ action: 'Allow', source: { selector: "app == 'client'" } }] })], CLIENT, WEB, undefined],
    ['a rule namespaceSelector reaches other namespaces', [cnp('a', 'web-in', { selector: WEB_SELECTOR, ingress: [{ action: 'Allow', source: { selector: "app == 'client'", namespaceSelector: "team == 'y'" } }] })], CLIENT, WEB, 'All Connections'],
    ['namespaceSelector all() means every namespace', [cnp('a', 'web-in', { selector: WEB_SELECTOR, ingress: [{ action: 'Allow', source: { namespaceSelector: 'all()' } }] })], CLIENT, WEB, 'All Connections'],
    ['projectcalico.org/name names the namespace in a namespaceSelector', [cnp('a', 'web-in', { selector: WEB_SELECTOR, ingress: [{ action: 'Allow', source: { namespaceSelector: "projectcalico.org/name == 'b'" } }] })], CLIENT, WEB, 'All Connections'],
    ['a GlobalNetworkPolicy rule selector matches every namespace', [webIn([{ action: 'Allow', source: { selector: "app == 'client'" } }])], CLIENT, WEB, 'All Connections'],
    ['a GlobalNetworkPolicy namespaceSelector at policy level selects by namespace labels', [gnp('team-x', { namespaceSelector: "team == 'x'", types: ['Ingress'] })], CLIENT, WEB, undefined],
    ['... and leaves other namespaces alone', [gnp('team-x', { namespaceSelector: "team == 'x'", types: ['Ingress'] })], WEB, CLIENT, 'All Connections'],
    ['pods carry projectcalico.org/namespace', [gnp('in-b', { selector: "projectcalico.org/namespace == 'b'", types: ['Ingress'] })], WEB, CLIENT, undefined],
    ['pods carry projectcalico.org/orchestrator == k8s', [gnp('k8s', { selector: "projectcalico.org/orchestrator == 'k8s' && app == 'db'", types: ['Ingress'] })], WEB, DB, undefined],
    ['notSelector excludes a source', [webIn([{ action: 'Allow', source: { notSelector: "app == 'db'" } }])], DB, WEB, undefined],
    ['notSelector admits the others', [webIn([{ action: 'Allow', source: { notSelector: "app == 'db'" } }])], CLIENT, WEB, 'All Connections'],
    ['in a namespaced policy a lone notSelector still means its own namespace', [cnp('a', 'web-in', { selector: WEB_SELECTOR, ingress: [{ action: 'Allow', source: { notSelector: "app == 'db'" } }] })], CLIENT, WEB, undefined],
    ['nets match external addresses', [webOut([{ action: 'Allow', destination: { nets: ['10.0.0.0/8'] } }])], WEB, TEN, 'All Connections'],
    ['nets never match pods (their addresses are not known offline)', [webOut([{ action: 'Allow', destination: { nets: ['10.0.0.0/8'] } }])], WEB, DB, undefined],
    ['notNets exclude external addresses', [webOut([{ action: 'Allow', destination: { notNets: ['10.0.0.0/8'] } }])], WEB, TEN, undefined],
    ['notNets let pods through', [webOut([{ action: 'Allow', destination: { notNets: ['10.0.0.0/8'] } }])], WEB, DB, 'All Connections'],
    ['a rule without source matches external sources too', [webIn([{ action: 'Allow', protocol: 'TCP', destination: { ports: [443] } }])], ANYWHERE, WEB, 'TCP 443'],
    ['a rule selector matches a GlobalNetworkSet through its nets', [gns('nas', { role: 'nas' }, ['192.168.1.0/24']), webOut([{ action: 'Allow', destination: { selector: "role == 'nas'" } }])], WEB, NAS, 'All Connections'],
    ['a rule selector matches no address outside the NetworkSets', [gns('nas', { role: 'nas' }, ['192.168.1.0/24']), webOut([{ action: 'Allow', destination: { selector: "role == 'nas'" } }])], WEB, '192.168.2.0-255.255.255.255[External]', undefined],
    ['a namespaced policy\'s rule selector does not reach a NetworkSet of another namespace', [ns('b', 'nas', { role: 'nas' }, ['192.168.1.0/24']), cnp('a', 'web-out', { selector: WEB_SELECTOR, types: ['Egress'], egress: [{ action: 'Allow', destination: { selector: "role == 'nas'" } }] })], WEB, NAS, undefined],
    ['... unless its namespaceSelector does', [ns('b', 'nas', { role: 'nas' }, ['192.168.1.0/24']), cnp('a', 'web-out', { selector: WEB_SELECTOR, types: ['Egress'], egress: [{ action: 'Allow', destination: { selector: "role == 'nas'", namespaceSelector: "team == 'y'" } }] })], WEB, NAS, 'All Connections'],
    ['a namespaced NetworkSet of the policy\'s own namespace matches', [ns('a', 'nas', { role: 'nas' }, ['192.168.1.0/24']), cnp('a', 'web-out', { selector: WEB_SELECTOR, types: ['Egress'], egress: [{ action: 'Allow', destination: { selector: "role == 'nas'" } }] })], WEB, NAS, 'All Connections'],
    ['namespaceSelector global() matches GlobalNetworkSets', [gns('nas', { role: 'nas' }, ['192.168.1.0/24']), webOut([{ action: 'Allow', destination: { namespaceSelector: 'global()' } }])], WEB, NAS, 'All Connections'],
    ['namespaceSelector global() matches no pod', [gns('nas', { role: 'nas' }, ['192.168.1.0/24']), webOut([{ action: 'Allow', destination: { namespaceSelector: 'global()' } }])], WEB, DB, undefined],
    ['a port range a:b', [webIn([{ action: 'Allow', protocol: 'TCP', destination: { ports: ['8000:8100', 9000] } }])], CLIENT, WEB, 'TCP 8000-8100,9000'],
    ['a numeric port given as a string', [webIn([{ action: 'Allow', protocol: 'UDP', destination: { ports: ['53'] } }])], CLIENT, WEB, 'UDP 53'],
    ['notPorts', [webIn([{ action: 'Allow', protocol: 'TCP', destination: { notPorts: [22] } }])], CLIENT, WEB, 'TCP 1-21,23-65535'],
    ['a named port resolves against the destination\'s container ports', [webIn([{ action: 'Allow', protocol: 'TCP', destination: { ports: ['http'] } }])], CLIENT, WEB, 'TCP 8080'],
    ['a named port of another protocol matches nothing', [webIn([{ action: 'Allow', protocol: 'TCP', destination: { ports: ['dns'] } }])], CLIENT, WEB, undefined],
    ['source ports are the client\'s ephemeral port, so source.ports 53 does not match', [webIn([{ action: 'Allow', protocol: 'UDP', source: { ports: [53] } }])], CLIENT, WEB, undefined],
    ['source.ports covering the ephemeral range match', [webIn([{ action: 'Allow', protocol: 'TCP', source: { ports: ['1024:65535'] } }])], CLIENT, WEB, 'TCP 1-65535'],
    ['a protocol number', [webIn([{ action: 'Allow', protocol: 47 }])], CLIENT, WEB, 'Protocol 47'],
    ['protocol names are case-insensitive', [webIn([{ action: 'Allow', protocol: 'udp' }])], CLIENT, WEB, 'UDP 1-65535'],
    ['notProtocol', [webIn([{ action: 'Allow', notProtocol: 'TCP' }])], CLIENT, WEB, 'ICMP,Protocol 0,2-5,7-16,18-131,133-255,SCTP 1-65535,UDP 1-65535'],
    ['ICMP, every type', [webIn([{ action: 'Allow', protocol: 'ICMP' }])], CLIENT, WEB, 'ICMP'],
    ['ICMP type and code', [webIn([{ action: 'Allow', protocol: 'ICMP', icmp: { type: 8, code: 0 } }])], CLIENT, WEB, 'ICMP 8/0'],
    ['notICMP', [webIn([{ action: 'Allow', protocol: 'ICMP', notICMP: { type: 8 } }])], CLIENT, WEB, 'ICMP 0-7,9-255'],
    ['UDPLite by name', [webIn([{ action: 'Allow', protocol: 'UDPLite' }])], CLIENT, WEB, 'Protocol 136'],
    ['ipVersion 6 rules match no IPv4 traffic', [webIn([{ action: 'Allow', ipVersion: 6 }])], CLIENT, WEB, undefined],
    ['ICMPv6 rules match no IPv4 traffic', [webIn([{ action: 'Allow', protocol: 'ICMPv6' }])], CLIENT, WEB, undefined],
    ['a rule whose nets are all IPv6 matches no IPv4 traffic', [webIn([{ action: 'Allow', source: { nets: ['fd00::/8'] } }])], ANYWHERE, WEB, undefined],
    ['an HTTP match is counted at layer 4, as Felix does', [webIn([{ action: 'Allow', protocol: 'TCP', http: { methods: ['GET'] } }])], CLIENT, WEB, 'TCP 1-65535'],
  ])('%s', (_name, objects, src, dst, expected) => {
    expect(connsBetween([...CLUSTER, ...objects], src, dst)).toBe(expected);
  });

  it('matches service accounts: serviceAccountSelector at policy level and serviceAccounts in rules', () => {
    const cluster = [
      ...CLUSTER,
      withServiceAccount('b', 'agent', { app: 'agent' }, 'monitoring'),
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'monitoring', namespace: 'b', labels: { role: 'scraper' } } },
    ];
    const AGENT = 'b/agent[Deployment]';
    const bySa = gnp('sa-in', { serviceAccountSelector: "role == 'scraper'", types: ['Ingress'] });
    expect([connsBetween([...cluster, bySa], CLIENT, AGENT), connsBetween([...cluster, bySa], AGENT, CLIENT)]).toEqual([undefined, 'All Connections']);
    const byName = webIn([{ action: 'Allow', source: { serviceAccounts: { names: ['monitoring'] } } }]);
    expect([connsBetween([...cluster, byName], AGENT, WEB), connsBetween([...cluster, byName], CLIENT, WEB)]).toEqual(['All Connections', undefined]);
    const bySelector = webIn([{ action: 'Allow', source: { serviceAccounts: { selector: "role == 'scraper'" } } }]);
    expect([connsBetween([...cluster, bySelector], AGENT, WEB), connsBetween([...cluster, bySelector], DB, WEB)]).toEqual(['All Connections', undefined]);
    // The default service account is named "default".
    const byDefault = webIn([{ action: 'Allow', source: { selector: "projectcalico.org/serviceaccount == 'default'" } }]);
    expect([connsBetween([...cluster, byDefault], CLIENT, WEB), connsBetween([...cluster, byDefault], AGENT, WEB)]).toEqual(['All Connections', undefined]);
  });

  it('matches a destination Service by its selector and target ports', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'a' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } };
    const rule = gnp('client-out', { selector: "app == 'client'", types: ['Egress'], egress: [{ action: 'Allow', protocol: 'TCP', destination: { services: { name: 'web', namespace: 'a' } } }] });
    expect([connsBetween([...CLUSTER, service, rule], CLIENT, WEB), connsBetween([...CLUSTER, service, rule], CLIENT, DB)]).toEqual(['TCP 8080', undefined]);
    // Without the Service in the input the rule matches nothing (and a note says so).
    expect(connsBetween([...CLUSTER, rule], CLIENT, WEB)).toBeUndefined();
  });

  it('keeps every Kubernetes allow when a log-and-deny policy sorts after the Kubernetes policies', () => {
    const k8s = [
      networkPolicy('a', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 8080 }] }] }),
      networkPolicy('b', 'client-out', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] }),
    ];
    const logAndDeny = gnp('log-and-deny', { order: 10000, selector: 'all()', types: ['Ingress', 'Egress'], ingress: [{ action: 'Log' }, { action: 'Deny' }], egress: [{ action: 'Log' }, { action: 'Deny' }] });
    expect(connsBetween([...CLUSTER, ...k8s, logAndDeny], CLIENT, WEB)).toBe('TCP 8080');
    expect(connsBetween([...CLUSTER, ...k8s], CLIENT, WEB)).toBe('TCP 8080');
    // log-and-deny selects every pod, so what no Kubernetes policy admits (db has none) is now denied.
    expect([connsBetween([...CLUSTER, ...k8s, logAndDeny], CLIENT, DB), connsBetween([...CLUSTER, ...k8s], CLIENT, DB)]).toEqual([undefined, 'All Connections']);
  });

  it('groups endpoints: two pods told apart only by a Calico selector get their own verdicts', () => {
    const twins = [deployment('a', 'blue', { app: 'twin', color: 'blue' }), deployment('a', 'green', { app: 'twin', color: 'green' })];
    const policy = gnp('blue-only', { selector: "color == 'blue'", types: ['Ingress'] });
    expect([connsBetween([...CLUSTER, ...twins, policy], WEB, 'a/blue[Deployment]'), connsBetween([...CLUSTER, ...twins, policy], WEB, 'a/green[Deployment]')]).toEqual([undefined, 'All Connections']);
  });
});

describe('explain agrees with list under Calico', () => {
  it('for every pair of the cluster and a spread of ports, protocols and ICMP messages', () => {
    const model = modelOf([
      ...CLUSTER,
      tier('platform', 100, 'Pass'),
      tiered('platform', 'dns', { selector: 'all()', types: ['Egress'], egress: [{ action: 'Allow', protocol: 'UDP', destination: { ports: [53], selector: "app == 'web'" } }] }),
      networkPolicy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      networkPolicy('a', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 'http' }] }] }),
      gnp('icmp', { order: 500, selector: 'all()', ingress: [{ action: 'Log' }, { action: 'Allow', protocol: 'ICMP', icmp: { type: 8 } }, { action: 'Pass', protocol: 'TCP', destination: { ports: ['80:90'] } }], egress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [8081] } }] }),
    ]);
    const connections = listConnections(model);
    const probes = [
      { protocol: 'UDP' as const, port: 53, part: 'UDP' as const, value: 53 },
      { protocol: 'TCP' as const, port: 8080, part: 'TCP' as const, value: 8080 },
      { protocol: 'TCP' as const, port: 85, part: 'TCP' as const, value: 85 },
      { protocol: 'TCP' as const, port: 8081, part: 'TCP' as const, value: 8081 },
      { protocol: 'ICMP' as const, port: 8, part: 'ICMP' as const, value: 8 * 256 },
      { protocol: 'ICMP' as const, port: 0, part: 'ICMP' as const, value: 0 },
      { protocol: 'IP' as const, port: 47, part: 'OTHER' as const, value: 47 },
    ];
    let checked = 0;
    for (const from of model.workloads) {
      for (const to of model.workloads) {
        if (from === to) continue;
        const listed = connections.find((c) => c.src.type === 'workload' && c.src.workload === from && c.dst.type === 'workload' && c.dst.workload === to);
        for (const probe of probes) {
          const answer = explain(model, { from: { type: 'workload', workload: from }, to: { type: 'workload', workload: to }, port: probe.port, protocol: probe.protocol });
          expect([from.name, to.name, probe.protocol, probe.port, answer.allowed]).toEqual([from.name, to.name, probe.protocol, probe.port, listed !== undefined && containsConn(listed.conns!, probe.part, probe.value)]);
          checked++;
        }
      }
    }
    expect(checked).toBe(6 * probes.length);
  });
});
