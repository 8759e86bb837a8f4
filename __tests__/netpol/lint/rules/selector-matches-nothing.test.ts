import { lineOf, FILE, deployment, lintRule, messages, namespace, policy, yamlFile } from '../harness';

const RULE = 'selector-matches-nothing';
const WORKLOADS = yamlFile(namespace('shop'), namespace('monitoring'), deployment('shop', 'web', { app: 'web' }), deployment('monitoring', 'prometheus', { app: 'prometheus' }));
const FIX = (ns: string) => `Fix the selector (check the labels with: kubectl get pods -n ${ns} --show-labels) or add the missing workloads to the inventory.`;

describe('selector-matches-nothing', () => {
  it('reports a podSelector that selects no workload, at the policy, as a warning', () => {
    const yaml = yamlFile(WORKLOADS, policy('shop', 'typo', 'podSelector: {matchLabels: {app: wbe}}\npolicyTypes: [Ingress]'));
    expect(lintRule(RULE, yaml)).toEqual([
      {
        ruleId: RULE,
        severity: 'warning',
        file: FILE,
        line: lineOf(yaml, 'apiVersion: networking.k8s.io/v1'),
        object: 'NetworkPolicy shop/typo',
        message: `Field spec.podSelector app=wbe selects no workload of namespace shop in the input, so the policy applies to no pod. ${FIX('shop')}`,
      },
    ]);
  });

  it('says when the namespace has no workloads in the input at all', () => {
    const yaml = yamlFile(WORKLOADS, policy('media', 'deny', 'podSelector: {}\npolicyTypes: [Ingress]'));
    expect(messages(RULE, yaml)).toEqual([
      `Field spec.podSelector {} selects no workload of namespace media in the input (the input has no workloads in media), so the policy applies to no pod. ${FIX('media')}`,
    ]);
  });

  it.each([
    ['a podSelector peer in the own namespace', '- {from: [{podSelector: {matchLabels: {app: prometheus}}}]}',
      `Peer spec.ingress[0].from[0] (pods matching app=prometheus in namespace shop) matches no workload in the input, so it admits nothing. ${FIX('shop')}`],
    ['a namespaceSelector that matches no namespace', '- {from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitor}}}]}',
      'Peer spec.ingress[0].from[0] (every pod in namespaces matching kubernetes.io/metadata.name=monitor) matches no workload in the input, so it admits nothing. ' +
        `No namespace in the input matches namespaceSelector kubernetes.io/metadata.name=monitor. ${FIX('<namespace>')}`],
    ['both selectors, matching a namespace but no pod in it', '- {from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}, podSelector: {matchLabels: {app: grafana}}}]}',
      'Peer spec.ingress[0].from[0] (pods matching app=grafana in namespaces matching kubernetes.io/metadata.name=monitoring) matches no workload in the input, ' +
        `so it admits nothing. ${FIX('<namespace>')}`],
  ])('reports %s', (_name, rule, expected) => {
    const yaml = yamlFile(WORKLOADS, policy('shop', 'in', `podSelector: {}\ningress:\n  ${rule}`));
    expect(messages(RULE, yaml)).toEqual([expected]);
  });

  it.each([
    ['selectors that match', yamlFile(WORKLOADS, policy('shop', 'in', 'podSelector: {matchLabels: {app: web}}\ningress:\n  - {from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}, podSelector: {matchLabels: {app: prometheus}}}, {ipBlock: {cidr: 10.0.0.0/8}}]}'))],
    ['an input without workloads (nothing to judge by)', policy('shop', 'typo', 'podSelector: {matchLabels: {app: wbe}}\ningress:\n  - {from: [{podSelector: {matchLabels: {app: nope}}}]}')],
  ])('accepts %s', (_name, yaml) => {
    expect(lintRule(RULE, yaml)).toEqual([]);
  });
});
