import { COREDNS, DNS_RULE, FILE, deployment, lintRule, messages, places, policy, yamlFile } from '../harness';

const RULE = 'missing-dns-egress';
const DEFAULT_DENY = policy('shop', 'default-deny', `
  podSelector: {}
  policyTypes: [Ingress, Egress]`);
const FIX =
  'Add an egress rule to k8s-app=kube-dns pods in kube-system (one peer: namespaceSelector kubernetes.io/metadata.name=kube-system with podSelector k8s-app=kube-dns) ' +
  'on UDP 53 and TCP 53, in a policy that selects these pods (podSelector {} for the whole namespace).';
const egressPolicy = (name: string, podSelector: string, rules: string) =>
  policy('shop', name, `
    podSelector: ${podSelector}
    policyTypes: [Egress]
    egress:
      ${rules}`);

describe('missing-dns-egress without workloads in the namespace (judged by podSelector)', () => {
  it('reports a namespace isolated for egress with no DNS rule, at its first egress policy, as an error', () => {
    expect(lintRule(RULE, DEFAULT_DENY)).toEqual([
      {
        ruleId: RULE,
        severity: 'error',
        file: FILE,
        line: 1,
        object: 'NetworkPolicy shop/default-deny',
        message:
          'The pods this policy selects (podSelector {}) are isolated for egress, but no policy in namespace shop whose podSelector covers them admits UDP 53 to ' +
          `pods labelled k8s-app=kube-dns in kube-system, so DNS lookups time out. ${FIX}`,
      },
    ]);
  });

  it('reports a DNS policy that selects fewer pods than the egress isolation', () => {
    const yaml = yamlFile(DEFAULT_DENY, egressPolicy('dns-for-web', '{matchLabels: {app: web}}', DNS_RULE));
    expect(places(RULE, yaml)).toEqual(['1 NetworkPolicy shop/default-deny']);
  });

  it.each([
    ['a merged DNS peer for all pods', yamlFile(DEFAULT_DENY, egressPolicy('dns', '{}', DNS_RULE))],
    ['one policy that isolates app=web and admits its DNS', egressPolicy('web', '{matchLabels: {app: web}}', DNS_RULE)],
    ['every pod of kube-system (the seed\'s namespaceSelector-only peer)', yamlFile(DEFAULT_DENY, egressPolicy('dns', '{}', '- {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}], ports: [{protocol: UDP, port: 53}]}'))],
    ['a rule with no "to" on UDP 53', yamlFile(DEFAULT_DENY, egressPolicy('dns', '{}', '- {ports: [{protocol: UDP, port: 53}]}'))],
    ['a named port "dns" with UDP (kubeadm CoreDNS declares it)', yamlFile(DEFAULT_DENY, egressPolicy('dns', '{}', DNS_RULE.replace('port: 53}, {protocol: TCP, port: 53}', 'port: dns}')))],
    ['a namespace isolated only for ingress', policy('shop', 'deny-ingress', 'podSelector: {}\npolicyTypes: [Ingress]')],
  ])('accepts %s', (_name, yaml) => {
    expect(lintRule(RULE, yaml)).toEqual([]);
  });

  it.each([
    ['TCP 53 only', '- {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: TCP, port: 53}]}'],
    ['UDP 53 to kube-dns pods in the own namespace', '- {to: [{podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}]}'],
    ['UDP 53 to an ipBlock (ipBlocks do not match pods)', '- {to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{protocol: UDP, port: 53}]}'],
  ])('reports DNS egress with %s', (_name, rule) => {
    expect(places(RULE, yamlFile(DEFAULT_DENY, egressPolicy('dns', '{}', rule)))).toEqual(['1 NetworkPolicy shop/default-deny']);
  });
});

describe('missing-dns-egress with workloads (judged per workload, against the input\'s CoreDNS)', () => {
  const WEB = deployment('shop', 'web', { app: 'web' });
  const DB = deployment('shop', 'db', { app: 'db' });

  it('names the workloads without DNS and the CoreDNS workloads it looked for', () => {
    const yaml = yamlFile(COREDNS, WEB, DB, DEFAULT_DENY, egressPolicy('dns-for-web', '{matchLabels: {app: web}}', DNS_RULE));
    expect(messages(RULE, yaml)).toEqual([
      'Workload shop/db[Deployment] is isolated for egress, but no policy selecting it admits UDP 53 to the kube-dns pods (kube-system/coredns[Deployment]), ' +
        `so DNS lookups time out. ${FIX}`,
    ]);
  });

  it('lists several workloads', () => {
    expect(messages(RULE, yamlFile(COREDNS, WEB, DB, DEFAULT_DENY))).toEqual([
      'Workloads shop/web[Deployment] and shop/db[Deployment] are isolated for egress, but no policy selecting them admits UDP 53 to the kube-dns pods ' +
        `(kube-system/coredns[Deployment]), so DNS lookups time out. ${FIX}`,
    ]);
  });

  it('reports at the policy that isolates the first workload without DNS', () => {
    const yaml = yamlFile(COREDNS, WEB, DB, egressPolicy('web-out', '{matchLabels: {app: web}}', '- {ports: [{protocol: TCP, port: 443}]}'), egressPolicy('dns-for-db', '{matchLabels: {app: db}}', DNS_RULE));
    expect(lintRule(RULE, yaml).map((f) => f.object)).toEqual(['NetworkPolicy shop/web-out']);
  });

  it('resolves a named port against the input\'s CoreDNS, so a name it lacks does not count', () => {
    const named = (port: string) => yamlFile(COREDNS, WEB, DEFAULT_DENY, egressPolicy('dns', '{}', DNS_RULE.replace('port: 53}, {protocol: TCP, port: 53}', `port: ${port}}`)));
    expect(lintRule(RULE, named('dns'))).toEqual([]);
    expect(lintRule(RULE, named('domain')).map((f) => f.object)).toEqual(['NetworkPolicy shop/default-deny']);
  });

  it('falls back to the stand-in when kube-system has no k8s-app=kube-dns workload in the input', () => {
    const relabelled = COREDNS.replace(/k8s-app: kube-dns/g, 'k8s-app: coredns');
    expect(lintRule(RULE, yamlFile(relabelled, WEB, DEFAULT_DENY, egressPolicy('dns', '{}', DNS_RULE)))).toEqual([]);
    expect(messages(RULE, yamlFile(relabelled, WEB, DEFAULT_DENY))).toEqual([
      'Workload shop/web[Deployment] is isolated for egress, but no policy selecting it admits UDP 53 to pods labelled k8s-app=kube-dns in kube-system, ' +
        `so DNS lookups time out. ${FIX}`,
    ]);
  });
});
