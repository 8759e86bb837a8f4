import { calicoPolicy, deployment, FILE, lineOf, lintRule, messages, yamlFile } from '../harness';

const RULE = 'calico-selector-matches-nothing';
const WEB = deployment('shop', 'web', { app: 'web' });

describe('calico-selector-matches-nothing', () => {
  it('reports a policy selector that selects no workload', () => {
    const yaml = yamlFile(WEB, calicoPolicy('NetworkPolicy', 'typo', "selector: app == 'wbe'\ntypes: [Ingress]", 'shop'));
    expect(lintRule(RULE, yaml)).toEqual([
      {
        ruleId: RULE,
        severity: 'warning',
        file: FILE,
        line: lineOf(yaml, 'apiVersion: projectcalico.org/v3'),
        object: 'NetworkPolicy shop/typo',
        message:
          'The policy\'s selector "app == \'wbe\'" in namespace shop selects no workload in the input, so the policy applies to no pod. ' +
          'Fix the selector (Calico selectors use ==, in {…}, has(); labels as on the pods) or add the missing workloads to the inventory.',
      },
    ]);
  });

  it('reports a rule selector that matches no workload nor NetworkSet, at the rule', () => {
    const yaml = yamlFile(WEB, calicoPolicy('GlobalNetworkPolicy', 'web-in', "selector: app == 'web'\ningress:\n  - action: Allow\n    source:\n      selector: role == 'scraper'"));
    expect(messages(RULE, yaml)).toEqual([
      'Rule spec.ingress[0] source.selector "role == \'scraper\'" matches no workload or NetworkSet in the input, so the rule matches no source. Fix the selector or add the missing workloads.',
    ]);
  });

  it.each([
    ['selectors that match', yamlFile(WEB, calicoPolicy('GlobalNetworkPolicy', 'web-in', "selector: app == 'web'\ningress:\n  - action: Allow\n    source:\n      selector: has(app)"))],
    ['a rule selector that matches a NetworkSet', yamlFile(WEB, 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: nas\n  labels: {role: nas}\nspec:\n  nets: [192.168.1.0/24]\n', calicoPolicy('GlobalNetworkPolicy', 'web-out', "selector: app == 'web'\ntypes: [Egress]\negress:\n  - action: Allow\n    destination:\n      selector: role == 'nas'"))],
    ['an input without workloads', calicoPolicy('GlobalNetworkPolicy', 'p', "selector: app == 'nothing'")],
  ])('accepts %s', (_name, yaml) => {
    expect(messages(RULE, yaml)).toEqual([]);
  });
});
