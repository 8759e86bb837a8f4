import { calicoPolicy, FILE, lintRule, messages, tier, yamlFile } from '../harness';

const RULE = 'calico-tier-end-deny';

describe('calico-tier-end-deny', () => {
  it('reports an allow-only policy in a tier that ends in Deny, at the policy', () => {
    const yaml = yamlFile(tier('security', 100), calicoPolicy('GlobalNetworkPolicy', 'security.allow-dns', "tier: security\nselector: has(app)\ntypes: [Egress]\negress:\n  - action: Log\n  - action: Allow\n    protocol: UDP\n    destination:\n      ports: [53]"));
    expect(lintRule(RULE, yaml)).toEqual([
      {
        ruleId: RULE,
        severity: 'warning',
        file: FILE,
        line: 8,
        object: 'GlobalNetworkPolicy security.allow-dns',
        message:
          'Tier security ends in Deny (defaultAction Deny), and its policies for Egress only allow: every other egress of the pods this policy selects (has(app)) is denied at the end of tier security, whatever later tiers allow. ' +
          'If the policy means to allow only, add a last rule "action: Pass" or set the tier\'s defaultAction: Pass; if it means to isolate, add an explicit final "action: Deny".',
      },
    ]);
  });

  it.each([
    ['a tier whose defaultAction is Pass', yamlFile(tier('platform', 100, 'Pass'), calicoPolicy('GlobalNetworkPolicy', 'platform.dns', 'tier: platform\ntypes: [Egress]\negress:\n  - action: Allow'))],
    ['a policy ending in Pass', yamlFile(tier('security', 100), calicoPolicy('GlobalNetworkPolicy', 'security.dns', 'tier: security\ntypes: [Egress]\negress:\n  - action: Allow\n    protocol: UDP\n  - action: Pass'))],
    ['the default tier, whose end-of-tier deny is Kubernetes isolation', calicoPolicy('GlobalNetworkPolicy', 'allow-dns', 'types: [Egress]\negress:\n  - action: Allow\n    protocol: UDP')],
  ])('accepts %s', (_name, yaml) => {
    expect(messages(RULE, yaml)).toEqual([]);
  });
});
