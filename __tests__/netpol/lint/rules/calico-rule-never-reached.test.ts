import { calicoPolicy, deployment, FILE, lineOf, lintRule, messages, yamlFile } from '../harness';

const RULE = 'calico-rule-never-reached';

describe('calico-rule-never-reached', () => {
  it('reports a Log rule after a rule that matches every packet, at the Log rule', () => {
    const yaml = calicoPolicy('GlobalNetworkPolicy', 'deny-then-log', 'ingress:\n  - action: Deny\n  - action: Log');
    expect(lintRule(RULE, yaml)).toEqual([
      {
        ruleId: RULE,
        severity: 'warning',
        file: FILE,
        line: lineOf(yaml, 'action: Log'),
        object: 'GlobalNetworkPolicy deny-then-log',
        message: 'Log rule spec.ingress[1] comes after spec.ingress[0] (Deny with no criteria), which matches every packet, so it is never reached and logs nothing. Move it before that rule, or remove it.',
      },
    ]);
  });

  it('reports a policy shadowed by an earlier catch-all policy of its tier for every workload it selects (the owner\'s ICMP policy behind log-and-deny)', () => {
    const yaml = yamlFile(
      deployment('default', 'blackbox', { app: 'blackbox' }),
      calicoPolicy('GlobalNetworkPolicy', 'log-and-deny', "order: 10000\nselector: projectcalico.org/namespace in {'default'}\ntypes: [Egress]\negress:\n  - action: Log\n  - action: Deny"),
      calicoPolicy('NetworkPolicy', 'icmp', "selector: app == 'blackbox'\ntypes: [Egress]\negress:\n  - action: Allow\n    protocol: ICMP", 'default'),
    );
    expect(messages(RULE, yaml)).toEqual([
      `The policy's egress rules are never reached for any workload it selects in the input: GlobalNetworkPolicy log-and-deny (order 10000, ${FILE}:15) comes first in tier default (this policy's order is none, so it sorts last) and its spec.egress[1] Deny matches every packet. Give this policy an order below 10000's, or move it to an earlier tier.`,
    ]);
  });

  it.each([
    ['a Log rule before the catch-all', calicoPolicy('GlobalNetworkPolicy', 'log-then-deny', 'ingress:\n  - action: Log\n  - action: Deny')],
    ['a rule after a conditional rule', calicoPolicy('GlobalNetworkPolicy', 'p', 'ingress:\n  - action: Deny\n    protocol: TCP\n  - action: Log')],
    ['a policy before the catch-all one', yamlFile(deployment('default', 'blackbox', { app: 'blackbox' }), calicoPolicy('GlobalNetworkPolicy', 'deny', 'order: 10000\ntypes: [Egress]\negress:\n  - action: Deny'), calicoPolicy('NetworkPolicy', 'icmp', "order: 100\nselector: app == 'blackbox'\ntypes: [Egress]\negress:\n  - action: Allow\n    protocol: ICMP", 'default'))],
  ])('accepts %s', (_name, yaml) => {
    expect(messages(RULE, yaml)).toEqual([]);
  });
});
