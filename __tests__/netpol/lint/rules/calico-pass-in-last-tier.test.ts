import { calicoPolicy, FILE, lineOf, lintRule, messages, tier, yamlFile } from '../harness';

const RULE = 'calico-pass-in-last-tier';

describe('calico-pass-in-last-tier', () => {
  it('reports a Pass rule in the last tier, at the rule', () => {
    const yaml = calicoPolicy('GlobalNetworkPolicy', 'pass-web', "selector: app == 'web'\ningress:\n  - action: Pass\n    protocol: TCP");
    expect(lintRule(RULE, yaml)).toEqual([
      {
        ruleId: RULE,
        severity: 'warning',
        file: FILE,
        line: lineOf(yaml, 'action: Pass'),
        object: 'GlobalNetworkPolicy pass-web',
        message:
          "Rule spec.ingress[0] is Pass, but tier default is the last tier with policies, so what it passes reaches the pods' namespace profile, which allows everything: Pass here means Allow. " +
          'Write Allow if that is meant, Deny if not, or add the tier that should decide after default.',
      },
    ]);
  });

  it('reports a last tier whose defaultAction is Pass, at the Tier', () => {
    const yaml = yamlFile(tier('late', undefined, 'Pass'), calicoPolicy('GlobalNetworkPolicy', 'late.allow-dns', 'tier: late\ntypes: [Egress]\negress:\n  - action: Allow\n    protocol: UDP'));
    expect(lintRule(RULE, yaml).map((f) => [f.object, f.line, f.message.slice(0, 59)])).toEqual([['Tier late', 1, 'Field spec.defaultAction is Pass, but tier late is the last']]);
  });

  it.each([
    ['a Pass in a tier before the default tier', yamlFile(tier('first', 100), calicoPolicy('GlobalNetworkPolicy', 'first.pass', 'tier: first\ningress:\n  - action: Pass'), calicoPolicy('GlobalNetworkPolicy', 'deny', 'ingress:\n  - action: Deny'))],
    ['a defaultAction Pass tier before the default tier (dist/calico-global/platform)', yamlFile(tier('platform', 100000, 'Pass'), calicoPolicy('GlobalNetworkPolicy', 'platform.dns', 'tier: platform\ntypes: [Egress]\negress:\n  - action: Allow\n    protocol: UDP'), calicoPolicy('GlobalNetworkPolicy', 'deny', 'ingress:\n  - action: Deny'))],
  ])('accepts %s', (_name, yaml) => {
    expect(messages(RULE, yaml)).toEqual([]);
  });
});
