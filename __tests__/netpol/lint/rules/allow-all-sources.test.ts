import { FILE, lintRule, messages, policy } from '../harness';

const RULE = 'allow-all-sources';
const NAME_SOURCES = 'Name the sources: a namespaceSelector on kubernetes.io/metadata.name together with a podSelector, or an ipBlock for the external range';
const ingress = (rule: string) => policy('web', 'in', `podSelector: {}\ningress:\n  ${rule}`);
const egress = (rule: string) => policy('web', 'out', `podSelector: {}\npolicyTypes: [Egress]\negress:\n  ${rule}`);

describe('allow-all-sources', () => {
  it('reports an ingress rule without "from", at the rule, as a warning', () => {
    expect(lintRule(RULE, ingress('- {ports: [{protocol: TCP, port: 80}, {protocol: TCP, port: 443}]}'))).toEqual([
      {
        ruleId: RULE,
        severity: 'warning',
        file: FILE,
        line: 9,
        object: 'NetworkPolicy web/in',
        message:
          'Rule spec.ingress[0] has no "from", so it admits every source (every pod of every namespace and every external address) on TCP 80, TCP 443. ' +
          `${NAME_SOURCES}; if that exposure is intended (an ingress controller), keep the rule and accept this warning.`,
      },
    ]);
  });

  it.each([
    ['an egress rule without "to"', egress('- {ports: [{protocol: UDP, port: 53}]}'),
      'Rule spec.egress[0] has no "to", so it admits every destination (every pod of every namespace and every external address) on UDP 53. ' +
        'Name the destinations: a namespaceSelector on kubernetes.io/metadata.name together with a podSelector, or an ipBlock for the external range; ' +
        'if that exposure is intended (an ingress controller), keep the rule and accept this warning.'],
    ['namespaceSelector {} alone', ingress('- {from: [{namespaceSelector: {}}], ports: [{protocol: TCP, port: 8080}]}'),
      `Peer spec.ingress[0].from[0] has namespaceSelector {}, so it admits every pod of every namespace on TCP 8080. ${NAME_SOURCES}.`],
    ['namespaceSelector {} with a podSelector', ingress('- {from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: prometheus}}}]}'),
      'Peer spec.ingress[0].from[0] has namespaceSelector {}, so it admits pods matching app=prometheus in every namespace on every port, ' +
        `and anyone who can create a pod in any namespace can give it those labels. ${NAME_SOURCES}.`],
    ['an ingress ipBlock 0.0.0.0/0 without excepts', ingress('- {from: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{protocol: TCP, port: 22}]}'),
      'Peer spec.ingress[0].from[0] (ipBlock 0.0.0.0/0 without excepts) admits every IPv4 address on TCP 22, including the LAN and, with Calico, possibly pods. ' +
        'Name the sources with a narrower ipBlock, or except the private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) if only the internet is meant.'],
  ])('reports %s', (_name, yaml, expected) => {
    expect(messages(RULE, yaml)).toEqual([expected]);
  });

  it.each([
    ['a named namespace', ingress('- {from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]}')],
    ['pods of the own namespace (podSelector {})', ingress('- {from: [{podSelector: {}}]}')],
    ['an ingress ipBlock 0.0.0.0/0 with excepts', ingress('- {from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}')],
    ['an egress ipBlock 0.0.0.0/0 (left to ipblock-covers-cluster-cidr)', egress('- {to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{protocol: TCP, port: 443}]}')],
    ['a default-deny policy', policy('web', 'deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]')],
  ])('accepts %s', (_name, yaml) => {
    expect(lintRule(RULE, yaml)).toEqual([]);
  });
});
