import { FILE, lint, lintRule, messages, namespace, policy, yamlFile } from '../harness';

const RULE = 'missing-default-deny';
const FIX = (ns: string) => `Add a default-deny policy to ${ns} (podSelector: {}, policyTypes: [Ingress, Egress], no rules); the other policies then list what is allowed.`;
const ALLOW_WEB = policy('shop', 'allow-web', `
  podSelector: {matchLabels: {app: web}}
  ingress:
    - {ports: [{protocol: TCP, port: 80}]}`);

describe('missing-default-deny', () => {
  it('reports a namespace whose policies isolate only some pods, on the namespace, as an error', () => {
    expect(lintRule(RULE, ALLOW_WEB)).toEqual([
      {
        ruleId: RULE,
        severity: 'error',
        file: FILE,
        object: 'Namespace shop',
        message:
          'Namespace shop has no default deny for Ingress or Egress: no NetworkPolicy with an empty podSelector has Ingress or Egress in its policyTypes, ' +
          `so pods that no other policy selects for those directions are not isolated. ${FIX('shop')}`,
      },
    ]);
  });

  it.each([
    ['Egress', 'podSelector: {}\npolicyTypes: [Ingress]'],
    ['Ingress', 'podSelector: {}\npolicyTypes: [Egress]'],
  ])('reports the one direction missing (%s)', (missing, spec) => {
    expect(messages(RULE, policy('shop', 'deny', spec))).toEqual([
      `Namespace shop has no default deny for ${missing}: no NetworkPolicy with an empty podSelector has ${missing} in its policyTypes, ` +
        `so pods that no other policy selects for that direction are not isolated. ${FIX('shop')}`,
    ]);
  });

  it('does not count a selector that matches every pod today but not a new one', () => {
    const yaml = policy('shop', 'deny', 'podSelector: {matchExpressions: [{key: quarantine, operator: DoesNotExist}]}\npolicyTypes: [Ingress, Egress]');
    expect(lintRule(RULE, yaml).map((f) => f.object)).toEqual(['Namespace shop']);
  });

  it.each([
    ['one default-deny policy', yamlFile(ALLOW_WEB, policy('shop', 'default-deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'))],
    ['the seed form: an empty podSelector with both types and rules', policy('shop', 'all', 'podSelector: {}\npolicyTypes: [Ingress, Egress]\ningress:\n  - {ports: [{port: 80}]}\negress:\n  - {ports: [{port: 443}]}')],
    ['two policies, one per direction', yamlFile(policy('shop', 'in', 'podSelector: {}\npolicyTypes: [Ingress]'), policy('shop', 'out', 'podSelector: {}\npolicyTypes: [Egress]'))],
  ])('accepts %s', (_name, yaml) => {
    expect(lintRule(RULE, yaml)).toEqual([]);
  });

  it('holds namespaces named in the options to it, even without policies, pointing at their Namespace manifest when there is one', () => {
    const yaml = yamlFile(namespace('media'), policy('shop', 'default-deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'));
    const findings = lint(yaml, { namespaces: ['media', 'games'], disable: ['missing-dns-egress'] });
    const noPolicy = (ns: string) => `Namespace ${ns} has no NetworkPolicy in the input, so its pods accept and send any traffic. ${FIX(ns)}`;
    expect(findings).toEqual([
      { ruleId: RULE, severity: 'error', file: FILE, line: 1, object: 'Namespace media', message: noPolicy('media') },
      { ruleId: RULE, severity: 'error', file: undefined, object: 'Namespace games', message: noPolicy('games') },
    ]);
  });
});
