import { FILE, lintRule, messages, policy } from '../harness';

const RULE = 'ipblock-covers-cluster-cidr';
const egressTo = (ipBlock: string) => policy('ops', 'out', `
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - {to: [{ipBlock: ${ipBlock}}], ports: [{protocol: TCP, port: 443}]}`);
const WHY =
  'ipBlock is meant for addresses outside the cluster; Calico matches it against the pod IP, the endpoint after a Service DNAT or a node IP after SNAT, ' +
  'depending on the path, so whether in-cluster traffic is admitted is unpredictable.';
const OTHER_RANGES = '(if the cluster uses other ranges, set the lint options podCidr and serviceCidr: netpol lint --pod-cidr, --service-cidr).';
const EXCEPT = (ranges: string) => `Add ${ranges} to its except list and admit pods with namespaceSelector/podSelector peers instead ${OTHER_RANGES}`;
const INSIDE = `This block lies inside the cluster's ranges: admit pods with namespaceSelector/podSelector peers instead, or correct the CIDR ${OTHER_RANGES}`;

describe('ipblock-covers-cluster-cidr', () => {
  it('reports 0.0.0.0/0 without excepts, at the peer, as a warning', () => {
    expect(lintRule(RULE, egressTo('{cidr: 0.0.0.0/0}'))).toEqual([
      {
        ruleId: RULE,
        severity: 'warning',
        file: FILE,
        line: 10,
        object: 'NetworkPolicy ops/out',
        message: `Peer spec.egress[0].to[0] (ipBlock 0.0.0.0/0) covers the pod CIDR 192.168.0.0/16 and the Service CIDR 10.96.0.0/12. ${WHY} ${EXCEPT('192.168.0.0/16 and 10.96.0.0/12')}`,
      },
    ]);
  });

  it.each([
    ['only the Service CIDR when the pod CIDR is excepted', '{cidr: 0.0.0.0/0, except: [192.168.0.0/16]}',
      `Peer spec.egress[0].to[0] (ipBlock 0.0.0.0/0 except 192.168.0.0/16) covers the Service CIDR 10.96.0.0/12. ${WHY} ${EXCEPT('10.96.0.0/12')}`],
    ['part of a range, and a block inside it', '{cidr: 10.96.0.10/32}',
      `Peer spec.egress[0].to[0] (ipBlock 10.96.0.10/32) covers part of the Service CIDR 10.96.0.0/12 (10.96.0.10-10.96.0.10). ${WHY} ${INSIDE}`],
    ['a block equal to the pod CIDR', '{cidr: 192.168.0.0/16}',
      `Peer spec.egress[0].to[0] (ipBlock 192.168.0.0/16) covers the pod CIDR 192.168.0.0/16. ${WHY} ${INSIDE}`],
    ['a block over part of the pod CIDR, after excepts', '{cidr: 192.168.0.0/23, except: [192.168.0.0/24]}',
      `Peer spec.egress[0].to[0] (ipBlock 192.168.0.0/23 except 192.168.0.0/24) covers part of the pod CIDR 192.168.0.0/16 (192.168.1.0-192.168.1.255). ${WHY} ${INSIDE}`],
  ])('reports %s', (_name, ipBlock, expected) => {
    expect(messages(RULE, egressTo(ipBlock))).toEqual([expected]);
  });

  it('reports ingress blocks too', () => {
    const yaml = policy('ops', 'in', 'podSelector: {}\ningress:\n  - {from: [{ipBlock: {cidr: 192.168.4.0/24}}]}');
    expect(messages(RULE, yaml)).toEqual([
      `Peer spec.ingress[0].from[0] (ipBlock 192.168.4.0/24) covers part of the pod CIDR 192.168.0.0/16 (192.168.4.0-192.168.4.255). ${WHY} ${INSIDE}`,
    ]);
  });

  it('uses the podCidr and serviceCidr options', () => {
    const options = { podCidr: '10.244.0.0/16', serviceCidr: '10.43.0.0/16', apiServiceIp: '10.43.0.1' };
    expect(messages(RULE, egressTo('{cidr: 10.0.0.0/8}'), options)).toEqual([
      `Peer spec.egress[0].to[0] (ipBlock 10.0.0.0/8) covers the pod CIDR 10.244.0.0/16 and the Service CIDR 10.43.0.0/16. ${WHY} ${EXCEPT('10.244.0.0/16 and 10.43.0.0/16')}`,
    ]);
    expect(lintRule(RULE, egressTo('{cidr: 192.168.0.0/16}'), options)).toEqual([]);
    expect(lintRule(RULE, egressTo('{cidr: 10.43.0.1/32}'), options)).toEqual([]);
  });

  it.each([
    ['the RFC 1918 ranges excepted', '{cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}'],
    ['the API Service IP as a /32 (api-server-service-ip-only covers it)', '{cidr: 10.96.0.1/32}'],
    ['a LAN address', '{cidr: 10.0.1.1/32}'],
    ['an IPv6 block', '{cidr: "fd00::/8"}'],
  ])('accepts %s', (_name, ipBlock) => {
    expect(lintRule(RULE, egressTo(ipBlock))).toEqual([]);
  });
});
