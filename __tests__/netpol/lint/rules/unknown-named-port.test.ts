import { lineOf, COREDNS, FILE, deployment, lintRule, messages, policy, yamlFile } from '../harness';

const RULE = 'unknown-named-port';
const WORKLOADS = yamlFile(
  COREDNS,
  deployment('shop', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9100 }]),
  deployment('shop', 'worker', { app: 'worker' }, [{ name: 'metrics', containerPort: 9100 }]),
);
const ingress = (ports: string) => yamlFile(WORKLOADS, policy('shop', 'in', `podSelector: {}\ningress:\n  - {ports: [${ports}]}`));
const egress = (rule: string) => yamlFile(WORKLOADS, policy('shop', 'out', `podSelector: {}\npolicyTypes: [Egress]\negress:\n  ${rule}`));
const USE_NAME = "Use the name a container declares (kubectl get pods -n <namespace> -o jsonpath='{.items[*].spec.containers[*].ports}') or the port number.";

describe('unknown-named-port', () => {
  it('reports an ingress port name no selected pod declares, at the rule, as a warning', () => {
    const yaml = ingress('{port: metric}');
    expect(lintRule(RULE, yaml)).toEqual([
      {
        ruleId: RULE,
        severity: 'warning',
        file: FILE,
        line: lineOf(yaml, '- {ports: [{port: metric}]}'),
        object: 'NetworkPolicy shop/in',
        message:
          'Named port "metric" (TCP) in spec.ingress[0].ports admits nothing: none of the pods this policy selects (shop/web[Deployment] and shop/worker[Deployment]) ' +
          `declares a container port named "metric". ${USE_NAME}`,
      },
    ]);
  });

  it.each([
    ['an egress port name the peers\' pods lack', egress('- {to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: domain}]}'),
      'Named port "domain" (UDP) in spec.egress[0].ports admits nothing: none of the pods spec.egress[0].to matches (kube-system/coredns[Deployment]) ' +
        `declares a container port named "domain". ${USE_NAME}`],
    ['a name declared with another protocol', egress('- {to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: TCP, port: dns}]}'),
      'Named port "dns" (TCP) in spec.egress[0].ports admits nothing: kube-system/coredns[Deployment] declares "dns" as UDP, not TCP, ' +
        'and no other of the pods spec.egress[0].to matches declares it. Set protocol: UDP on the entry.'],
  ])('reports %s', (_name, yaml, expected) => {
    expect(messages(RULE, yaml)).toEqual([expected]);
  });

  it.each([
    ['an ingress name one selected pod declares', ingress('{port: http}')],
    ['an egress name declared with the same protocol', egress('- {to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: dns}]}')],
    ['an egress rule without "to" (every pod is a destination)', egress('- {ports: [{port: metrics}]}')],
    ['a rule whose peers match nothing (selector-matches-nothing reports it)', egress('- {to: [{podSelector: {matchLabels: {app: nope}}}], ports: [{port: nope}]}')],
    ['an input without workloads', policy('shop', 'in', 'podSelector: {}\ningress:\n  - {ports: [{port: metric}]}')],
  ])('accepts %s', (_name, yaml) => {
    expect(lintRule(RULE, yaml)).toEqual([]);
  });
});
