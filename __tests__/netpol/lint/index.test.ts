import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadManifests } from '../../../netpol/analyzer';
import { countBySeverity, DEFAULT_LINT_OPTIONS, lintModel, LintOptionsError, resolveLintOptions, RULES } from '../../../netpol/lint';
import { policy, yamlFile } from './harness';

const SPLIT = policy('b', 'split', 'podSelector: {}\npolicyTypes: [Ingress]\ningress:\n  - from: [{namespaceSelector: {matchLabels: {x: z}}}, {podSelector: {matchLabels: {app: a}}}]');
const OPEN = policy('a', 'open', 'podSelector: {}\npolicyTypes: [Ingress]\ningress:\n  - {ports: [{port: 80}]}');

describe('the rule set', () => {
  it('has one file per rule under lint/rules, named after the rule id', () => {
    const files = fs.readdirSync(path.join(__dirname, '../../../netpol/lint/rules')).filter((f) => f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
    expect(RULES.map((rule) => rule.id).sort()).toEqual(files.sort());
  });

  it('has one test file per rule', () => {
    const tests = fs.readdirSync(path.join(__dirname, 'rules')).map((f) => f.replace(/\.test\.ts$/, ''));
    expect(tests.sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it('gives every rule a severity and a one-sentence description', () => {
    for (const rule of RULES) {
      expect(['error', 'warning', 'info']).toContain(rule.severity);
      expect(rule.description).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe('lintModel', () => {
  const model = () => loadManifests([{ path: 'z.yaml', text: SPLIT }, { path: 'a.yaml', text: yamlFile(OPEN, SPLIT.replace('name: split', 'name: split2')) }]);

  it('sorts findings by file, line, rule id and object, whatever the input order', () => {
    const found = lintModel(model()).map((f) => `${f.file}:${f.line ?? '-'} ${f.ruleId} ${f.object}`);
    expect(found).toEqual([
      'a.yaml:- missing-default-deny Namespace a',
      'a.yaml:10 allow-all-sources NetworkPolicy a/open',
      'a.yaml:21 split-peer NetworkPolicy b/split2',
      // Namespace b's first policy (in input order) is in z.yaml.
      'z.yaml:- missing-default-deny Namespace b',
      'z.yaml:10 split-peer NetworkPolicy b/split',
    ]);
  });

  it('skips disabled rules', () => {
    expect(lintModel(model(), { disable: ['missing-default-deny', 'split-peer'] }).map((f) => f.ruleId)).toEqual(['allow-all-sources']);
  });

  it('counts findings per severity', () => {
    expect(countBySeverity(lintModel(model()))).toEqual({ error: 4, warning: 1, info: 0 });
  });
});

describe('lint options', () => {
  it('defaults to kubeadm and Calico ranges', () => {
    expect(DEFAULT_LINT_OPTIONS).toEqual({ apiServiceIp: '10.96.0.1', podCidr: '192.168.0.0/16', serviceCidr: '10.96.0.0/12' });
    expect(resolveLintOptions()).toEqual({
      apiServiceIp: { text: '10.96.0.1', address: 0x0a600001 },
      podCidr: { text: '192.168.0.0/16', interval: { start: 0xc0a80000, end: 0xc0a8ffff } },
      serviceCidr: { text: '10.96.0.0/12', interval: { start: 0x0a600000, end: 0x0a6fffff } },
      namespaces: [],
      disable: [],
    });
  });

  it.each([
    [{ apiServiceIp: '10.96.0.1/32' }, 'The API Service IP "10.96.0.1/32" is not an IPv4 address; give the ClusterIP of the kubernetes Service, e.g. 10.96.0.1.'],
    [{ podCidr: '192.168.1.0/16' }, 'The pod CIDR "192.168.1.0/16" is not a valid CIDR: host bits are set (the address is not the first one of its block). Did you mean "192.168.0.0/16"?'],
    [{ serviceCidr: '10.96.0.0' }, 'The Service CIDR "10.96.0.0" is not a valid CIDR: the mask is missing. Did you mean "10.96.0.0/32"?'],
    [{ serviceCidr: 'services' }, 'The Service CIDR "services" is not a valid CIDR: expected an address and a prefix length such as "10.0.0.0/8".'],
    [{ podCidr: 'fd00::/8' }, 'The pod CIDR "fd00::/8" is IPv6; the linter checks IPv4 ranges only. Give the IPv4 range.'],
    [{ disable: ['split-peers', 'dns'] }, `Unknown rule "split-peers", "dns" to disable; the rules are ${RULES.map((r) => r.id).join(', ')}.`],
  ])('refuses %j', (options, message) => {
    expect(() => resolveLintOptions(options)).toThrow(new LintOptionsError(message));
    expect(() => resolveLintOptions(options)).toThrow(LintOptionsError);
  });
});
