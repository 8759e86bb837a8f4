import { listConnections, loadManifests } from '../../../../netpol/analyzer';
import { FILE, lintRule, messages, policy } from '../harness';

const RULE = 'ipblock-host-bits';
const egressTo = (ipBlock: string) => policy('ops', 'out', `
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - {to: [{ipBlock: ${ipBlock}}], ports: [{protocol: TCP, port: 443}]}`);

describe('ipblock-host-bits', () => {
  it('warns about a cidr with host bits, which the API server accepts and Kubernetes reads as the whole block', () => {
    expect(lintRule(RULE, egressTo('{cidr: 10.1.2.3/8}'))).toEqual([
      {
        ruleId: RULE,
        severity: 'warning',
        file: FILE,
        line: 10,
        object: 'NetworkPolicy ops/out',
        message:
          'Rule spec.egress[0] to[0] ipBlock.cidr "10.1.2.3/8" has host bits set. The API server accepts it and Kubernetes drops them, so the rule admits all of 10.0.0.0/8. ' +
          'Write "10.0.0.0/8" if the block is meant, or "10.1.2.3/32" for the one address.',
      },
    ]);
  });

  it('names each except with host bits, and the IPv6 form', () => {
    expect(messages(RULE, egressTo('{cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.3.4/16]}'))).toEqual([
      'Rule spec.egress[0] to[0] ipBlock.except[1] "10.2.3.4/16" has host bits set. The API server accepts it and Kubernetes drops them, so the rule excludes all of 10.2.0.0/16. Write "10.2.0.0/16" if the block is meant, or "10.2.3.4/32" for the one address.',
    ]);
    expect(messages(RULE, egressTo('{cidr: "2001:db8::1/64"}'))).toEqual([
      'Rule spec.egress[0] to[0] ipBlock.cidr "2001:db8::1/64" has host bits set. The API server accepts it and Kubernetes drops them, so the rule admits all of 2001:db8::/64. Write "2001:db8::/64" if the block is meant, or "2001:db8::1/128" for the one address.',
    ]);
  });

  it('says nothing about blocks written as networks', () => {
    expect(lintRule(RULE, egressTo('{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}'))).toEqual([]);
  });

  it('agrees with the analysis, which reads the block as the cluster does', () => {
    const model = loadManifests([{ path: FILE, text: `${egressTo('{cidr: 10.1.2.3/8}')}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ops}\n` }]);
    expect(listConnections(model).filter((c) => c.src.label === 'ops/p[Pod]').map((c) => `${c.dst.label} ${c.ports.TCP.join('-')}`)).toEqual(['10.0.0.0-10.255.255.255[External] 443-443']);
  });
});
