import { externalAtoms, listConnections } from '../../../netpol/analyzer';
import { ANYWHERE, CLIENT, CLUSTER, connsBetween, DB, deployment, linesOf, modelOf, namespace, networkPolicy, WEB } from './harness';

const webIngress = (ingress: object[], extra: object = {}) => networkPolicy('a', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress, ...extra });
const everywhere = { namespaceSelector: {} };

describe('listConnections: one row per NetworkPolicy rule', () => {
  // GIVEN the shared cluster plus the row's policies WHEN listed THEN the pair's conns are as stated
  it.each<[string, object[], string, string, string | undefined]>([
    ['no policy: everything is allowed', [], CLIENT, WEB, 'All Connections'],
    ['matchLabels peer in the policy namespace admits the pod', [webIngress([{ from: [{ podSelector: { matchLabels: { app: 'db' } } }] }])], DB, WEB, 'All Connections'],
    ['a podSelector-only peer never reaches other namespaces', [webIngress([{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }])], CLIENT, WEB, undefined],
    ['In matches a listed value', [webIngress([{ from: [{ ...everywhere, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['client', 'other'] }] } }] }])], CLIENT, WEB, 'All Connections'],
    ['In does not match other values', [webIngress([{ from: [{ ...everywhere, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['client'] }] } }] }])], DB, WEB, undefined],
    ['NotIn matches a pod without the key', [webIngress([{ from: [{ ...everywhere, podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] } }] }])], DB, WEB, 'All Connections'],
    ['NotIn excludes a listed value', [webIngress([{ from: [{ ...everywhere, podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] } }] }])], CLIENT, WEB, undefined],
    ['Exists matches a pod with the key', [webIngress([{ from: [{ ...everywhere, podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } }] }])], CLIENT, WEB, 'All Connections'],
    ['Exists excludes a pod without it', [webIngress([{ from: [{ ...everywhere, podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } }] }])], DB, WEB, undefined],
    ['DoesNotExist matches a pod without the key', [webIngress([{ from: [{ ...everywhere, podSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } }] }])], DB, WEB, 'All Connections'],
    ['DoesNotExist excludes a pod with it', [webIngress([{ from: [{ ...everywhere, podSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } }] }])], CLIENT, WEB, undefined],
    ['namespaceSelector AND podSelector in one peer: both hold', [webIngress([{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } }, podSelector: { matchLabels: { app: 'client' } } }] }])], CLIENT, WEB, 'All Connections'],
    ['namespaceSelector AND podSelector in one peer: namespace fails', [webIngress([{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } }, podSelector: { matchLabels: { app: 'db' } } }] }])], DB, WEB, undefined],
    ['peers OR: the first peer admits', [webIngress([{ from: [{ podSelector: { matchLabels: { app: 'db' } } }, { namespaceSelector: { matchLabels: { team: 'y' } } }] }])], DB, WEB, 'All Connections'],
    ['peers OR: the second peer admits', [webIngress([{ from: [{ podSelector: { matchLabels: { app: 'db' } } }, { namespaceSelector: { matchLabels: { team: 'y' } } }] }])], CLIENT, WEB, 'All Connections'],
    ['the automatic kubernetes.io/metadata.name label selects a namespace', [webIngress([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }] }])], CLIENT, WEB, 'All Connections'],
    ['a port without protocol is TCP', [webIngress([{ ports: [{ port: 80 }] }])], CLIENT, WEB, 'TCP 80'],
    ['UDP and SCTP ports, protocol groups sorted by name', [webIngress([{ ports: [{ port: 53, protocol: 'UDP' }, { port: 7070, protocol: 'SCTP' }, { port: 80 }] }])], CLIENT, WEB, 'SCTP 7070,TCP 80,UDP 53'],
    ['a protocol without port means the whole protocol', [webIngress([{ ports: [{ protocol: 'UDP' }] }])], CLIENT, WEB, 'UDP 1-65535'],
    ['endPort gives an inclusive range', [webIngress([{ ports: [{ port: 8000, endPort: 8010 }] }])], CLIENT, WEB, 'TCP 8000-8010'],
    ['adjacent ports merge into a range', [webIngress([{ ports: [{ port: 10053 }, { port: 10054 }, { port: 10056 }] }])], CLIENT, WEB, 'TCP 10053-10054,10056'],
    ['every port of all three protocols prints as All Connections', [webIngress([{ ports: ['TCP', 'UDP', 'SCTP'].map((protocol) => ({ protocol, port: 1, endPort: 65535 })) }])], CLIENT, WEB, 'All Connections'],
    ['a named port resolves against the destination container port', [webIngress([{ ports: [{ port: 'http' }] }])], CLIENT, WEB, 'TCP 8080'],
    ['a named port with another protocol than the container port matches nothing', [webIngress([{ ports: [{ port: 'dns', protocol: 'TCP' }] }])], CLIENT, WEB, undefined],
    ['a named port with the container port protocol matches', [webIngress([{ ports: [{ port: 'dns', protocol: 'UDP' }] }])], CLIENT, WEB, 'UDP 53'],
    ['an egress named port resolves at each destination', [networkPolicy('b', 'client-out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] })], CLIENT, WEB, 'TCP 8080'],
    ['an egress named port gives nothing to a destination without it', [networkPolicy('b', 'client-out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] })], CLIENT, DB, undefined],
    ['no policyTypes: an egress-only policy also isolates ingress', [networkPolicy('a', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, egress: [{}] })], CLIENT, WEB, undefined],
    ['no policyTypes: an egress-only policy applies its egress rules', [networkPolicy('a', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, egress: [{ ports: [{ port: 5432 }] }] })], WEB, DB, 'TCP 5432'],
    ['no policyTypes and no egress rules: egress stays open', [webIngress([])], WEB, DB, 'All Connections'],
    ['policyTypes [Egress] leaves ingress open', [networkPolicy('a', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] })], CLIENT, WEB, 'All Connections'],
    ['policyTypes [Egress] with no egress rules denies egress', [networkPolicy('a', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] })], WEB, DB, undefined],
    ['an empty ingress list denies ingress', [webIngress([], { policyTypes: ['Ingress'] })], CLIENT, WEB, undefined],
    ['a rule without peers admits every pod', [webIngress([{ ports: [{ port: 80 }] }])], DB, WEB, 'TCP 80'],
    ['a rule without peers admits external addresses', [webIngress([{ ports: [{ port: 80 }] }])], ANYWHERE, WEB, 'TCP 80'],
    ['a rule without ports admits every port', [webIngress([{ from: [{ podSelector: {} }] }])], DB, WEB, 'All Connections'],
    ['an empty rule {} admits everything', [webIngress([{}])], CLIENT, WEB, 'All Connections'],
    [
      'the union of two policies selecting the same pod',
      [webIngress([{ ports: [{ port: 80 }] }]), networkPolicy('a', 'web-dns', { podSelector: { matchLabels: { tier: 'front' } }, ingress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })],
      CLIENT,
      WEB,
      'TCP 80,UDP 53',
    ],
    [
      'a connection needs the source egress AND the destination ingress',
      [webIngress([{ ports: [{ port: 80, endPort: 90 }] }]), networkPolicy('b', 'client-out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 85 }, { port: 443 }] }] })],
      CLIENT,
      WEB,
      'TCP 85',
    ],
    [
      'egress allowed but ingress denied gives no line',
      [webIngress([{ ports: [{ port: 443 }] }]), networkPolicy('b', 'client-out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 80 }] }] })],
      CLIENT,
      WEB,
      undefined,
    ],
    ['ipBlock never matches a pod', [webIngress([{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }])], CLIENT, WEB, undefined],
    ['ipBlock admits the external atoms inside it', [webIngress([{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }])], '10.2.0.0-10.255.255.255[External]', WEB, 'All Connections'],
    ['ipBlock except removes its atom', [webIngress([{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }])], '10.1.0.0-10.1.255.255[External]', WEB, undefined],
    ['atoms outside every ipBlock are not admitted', [webIngress([{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }])], '11.0.0.0-255.255.255.255[External]', WEB, undefined],
    ['an unselected pod accepts every source atom', [webIngress([{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }])], '11.0.0.0-255.255.255.255[External]', DB, 'All Connections'],
    ['egress to an ipBlock reaches the destination atom', [networkPolicy('a', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '192.168.0.0/16' } }], ports: [{ port: 443 }] }] })], WEB, '192.168.0.0-192.168.255.255[External]', 'TCP 443'],
    ['an egress named port gives nothing to an external destination', [networkPolicy('a', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }, { port: 53, protocol: 'UDP' }] }] })], WEB, ANYWHERE, 'UDP 53'],
  ])('%s', (_name, policies, src, dst, expected) => {
    expect(connsBetween([...CLUSTER, ...policies], src, dst)).toBe(expected);
  });
});

describe('listConnections: what the listing leaves out and how it orders', () => {
  it('never lists a workload to itself, even with several replicas', () => {
    // GIVEN two workloads and no policy
    const lines = linesOf([deployment('default', 'one', { app: 'one' }), deployment('default', 'two', { app: 'two' })]);
    // THEN each pair appears once per direction, with external lines, and no self pair
    expect(lines).toEqual([
      `${ANYWHERE} => default/one[Deployment] : All Connections`,
      `${ANYWHERE} => default/two[Deployment] : All Connections`,
      `default/one[Deployment] => ${ANYWHERE} : All Connections`,
      'default/one[Deployment] => default/two[Deployment] : All Connections',
      `default/two[Deployment] => ${ANYWHERE} : All Connections`,
      'default/two[Deployment] => default/one[Deployment] : All Connections',
    ]);
  });

  it('sorts labels by bytes, so "-" comes before "[" and "10" before "9"', () => {
    const lines = linesOf([
      deployment('default', 'cog-agents', { app: 'a' }),
      deployment('default', 'cog-agents-analyzer', { app: 'b' }),
      networkPolicy('default', 'in', { podSelector: { matchLabels: { app: 'a' } }, ingress: [{ from: [{ ipBlock: { cidr: '9.0.0.0/8' } }, { ipBlock: { cidr: '10.0.0.0/8' } }] }] }),
    ]);
    const sources = [...new Set(lines.map((line) => line.split(' => ')[0]))];
    expect(sources).toEqual([
      '0.0.0.0-8.255.255.255[External]',
      '10.0.0.0-10.255.255.255[External]',
      '11.0.0.0-255.255.255.255[External]',
      '9.0.0.0-9.255.255.255[External]',
      'default/cog-agents-analyzer[Deployment]',
      'default/cog-agents[Deployment]',
    ]);
  });

  it('splits source atoms from ingress ipBlocks and destination atoms from egress ipBlocks', () => {
    const model = modelOf([
      networkPolicy('default', 'p', {
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
        egress: [{ to: [{ ipBlock: { cidr: '192.168.1.0/24' } }] }],
      }),
    ]);
    expect(externalAtoms(model, 'Ingress').length).toBe(3);
    expect(externalAtoms(model, 'Egress').map((a) => [a.start, a.end])).toEqual([
      [0, 3232235775],
      [3232235776, 3232236031],
      [3232236032, 4294967295],
    ]);
  });

  it('treats workloads that no selector tells apart exactly like separately evaluated ones', () => {
    // GIVEN many workloads sharing labels (one group) and one that differs
    const objects = [
      namespace('shop'),
      ...['a', 'b', 'c'].map((name) => deployment('shop', name, { app: 'same', unused: name })),
      deployment('shop', 'odd', { app: 'odd' }),
      networkPolicy('shop', 'p', { podSelector: { matchLabels: { app: 'same' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'odd' } } }], ports: [{ port: 80 }] }] }),
    ];
    const connections = listConnections(modelOf(objects));
    const pairs = connections.filter((c) => c.src.type === 'workload' && c.dst.type === 'workload').map((c) => `${c.src.label} => ${c.dst.label}`);
    // THEN the same-group workloads still reach each other (egress open, ingress only from odd)
    expect(pairs).not.toContain('shop/a[Deployment] => shop/b[Deployment]');
    expect(pairs).toContain('shop/odd[Deployment] => shop/b[Deployment]');
    expect(pairs).toContain('shop/a[Deployment] => shop/odd[Deployment]');
  });
});
