import { DNS_RULE, FILE, lintRule, messages, places, policy, yamlFile } from '../harness';

const SEED_DNS = policy('shop', 'dns', `
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
        - podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - {protocol: UDP, port: 53}`);

describe('split-peer', () => {
  it("reports the seed's DNS rule at its first split peer, as an error with the fix", () => {
    expect(lintRule('split-peer', SEED_DNS)).toEqual([
      {
        ruleId: 'split-peer',
        severity: 'error',
        file: FILE,
        line: 11,
        object: 'NetworkPolicy shop/dns',
        message:
          'Rule spec.egress[0] lists to[0] (every pod in namespaces matching kubernetes.io/metadata.name=kube-system) and to[1] (pods matching k8s-app=kube-dns in namespace shop) ' +
          'as separate peers, which Kubernetes ORs, so the rule also admits every pod in namespaces matching kubernetes.io/metadata.name=kube-system on UDP 53. ' +
          'To mean pods matching k8s-app=kube-dns in namespaces matching kubernetes.io/metadata.name=kube-system, merge them into one peer ' +
          '(one "-" entry with both namespaceSelector and podSelector); if either peer alone is intended, give each its own rule.',
      },
    ]);
  });

  it('names every split peer of an ingress rule, and says "every port" for a rule without ports', () => {
    const yaml = policy('shop', 'web', `
      podSelector: {}
      ingress:
        - from:
            - podSelector: {matchLabels: {app: a}}
            - namespaceSelector: {matchLabels: {team: x}}
            - podSelector: {matchLabels: {app: b}}`);
    expect(messages('split-peer', yaml)).toEqual([
      'Rule spec.ingress[0] lists from[0] (pods matching app=a in namespace shop), from[1] (every pod in namespaces matching team=x) and from[2] (pods matching app=b in namespace shop) ' +
        'as separate peers, which Kubernetes ORs, so the rule also admits every pod in namespaces matching team=x on every port. ' +
        'To mean pods matching app=a in namespaces matching team=x, merge them into one peer (one "-" entry with both namespaceSelector and podSelector); ' +
        'if either peer alone is intended, give each its own rule.',
    ]);
    expect(places('split-peer', yaml)).toEqual(['10 NetworkPolicy shop/web']);
  });

  it.each([
    ['one peer with both selectors', policy('shop', 'dns', `
      podSelector: {}
      policyTypes: [Egress]
      egress:
        ${DNS_RULE}`)],
    ['podSelector {} (the own namespace) next to a namespaceSelector: a deliberate OR', policy('shop', 'web', `
      podSelector: {}
      ingress:
        - from:
            - podSelector: {}
            - namespaceSelector: {matchLabels: {team: x}}`)],
    ['the two peers in separate rules', policy('shop', 'web', `
      podSelector: {}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {team: x}}
        - from:
            - podSelector: {matchLabels: {app: a}}`)],
    ['a namespaceSelector-only peer next to an ipBlock', policy('shop', 'web', `
      podSelector: {}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {team: x}}
            - ipBlock: {cidr: 10.0.1.0/24}`)],
    ['egress rules of a policy without Egress in policyTypes (Kubernetes ignores them)', policy('shop', 'web', `
      podSelector: {}
      policyTypes: [Ingress]
      egress:
        - to:
            - namespaceSelector: {matchLabels: {team: x}}
            - podSelector: {matchLabels: {app: a}}`)],
  ])('accepts %s', (_name, yaml) => {
    expect(lintRule('split-peer', yamlFile(yaml))).toEqual([]);
  });
});
