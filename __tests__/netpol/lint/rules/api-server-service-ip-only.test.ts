import { FILE, lintRule, messages, policy, yamlFile } from '../harness';

const RULE = 'api-server-service-ip-only';
const apiPolicy = (name: string, podSelector: string, ...rules: string[]) =>
  policy('ops', name, `
    podSelector: ${podSelector}
    policyTypes: [Egress]
    egress:
${rules.map((r) => `      ${r}`).join('\n')}`);
const SERVICE_IP_RULE = '- {to: [{ipBlock: {cidr: 10.96.0.1/32}}], ports: [{protocol: TCP, port: 443}]}';
const ENDPOINT_RULE = '- {to: [{ipBlock: {cidr: 10.0.1.10/32}}], ports: [{protocol: TCP, port: 6443}]}';
const message = (ip: string, rule: string, cidr: string, podSelector: string) =>
  `Rule ${rule} admits the API server's Service IP ${ip} on TCP 443 (to[0]: ipBlock ${cidr}), but no egress rule for these pods (podSelector ${podSelector}) ` +
  "admits TCP 6443 to the API server's endpoints. With kube-proxy, Calico evaluates the packet after the Service DNAT, when it is addressed to an endpoint on 6443, " +
  'so this rule alone does not let the pods reach the API server. Add each endpoint as a /32 ipBlock on TCP 6443 ' +
  '(list them with: kubectl get endpointslice -n default -l kubernetes.io/service-name=kubernetes), keeping this rule for the Service IP.';

describe('api-server-service-ip-only', () => {
  it('reports the Service IP rule alone, at its ipBlock, as a warning', () => {
    expect(lintRule(RULE, apiPolicy('api', '{}', SERVICE_IP_RULE))).toEqual([
      { ruleId: RULE, severity: 'warning', file: FILE, line: 10, object: 'NetworkPolicy ops/api', message: message('10.96.0.1', 'spec.egress[0]', '10.96.0.1/32', '{}') },
    ]);
  });

  it.each([
    ['a wider block over the Service IP', '- {to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{protocol: TCP, port: 443}]}', '10.0.0.0/8'],
    ['a rule with every port', '- {to: [{ipBlock: {cidr: 10.96.0.1/32}}]}', '10.96.0.1/32'],
  ])('reports %s', (_name, rule, cidr) => {
    expect(messages(RULE, apiPolicy('api', '{}', rule))).toEqual([message('10.96.0.1', 'spec.egress[0]', cidr, '{}')]);
  });

  it('reports when the only 6443 rule goes to the Service IP itself', () => {
    const yaml = apiPolicy('api', '{}', SERVICE_IP_RULE, '- {to: [{ipBlock: {cidr: 10.96.0.1/32}}], ports: [{protocol: TCP, port: 6443}]}');
    expect(lintRule(RULE, yaml).map((f) => f.object)).toEqual(['NetworkPolicy ops/api']);
  });

  it('reports when the endpoint rule is in a policy for other pods', () => {
    const yaml = yamlFile(apiPolicy('api', '{}', SERVICE_IP_RULE), apiPolicy('endpoints-for-web', '{matchLabels: {app: web}}', ENDPOINT_RULE));
    expect(lintRule(RULE, yaml).map((f) => f.object)).toEqual(['NetworkPolicy ops/api']);
  });

  it('uses the apiServiceIp option', () => {
    const yaml = yamlFile(apiPolicy('default-ip', '{}', SERVICE_IP_RULE), apiPolicy('k3s-ip', '{}', '- {to: [{ipBlock: {cidr: 10.43.0.1/32}}], ports: [{protocol: TCP, port: 443}]}'));
    expect(messages(RULE, yaml, { apiServiceIp: '10.43.0.1' })).toEqual([message('10.43.0.1', 'spec.egress[0]', '10.43.0.1/32', '{}')]);
  });

  it.each([
    ['the endpoints on 6443 in the same policy', apiPolicy('api', '{}', SERVICE_IP_RULE, ENDPOINT_RULE)],
    ['the endpoints in a policy whose podSelector covers this one', yamlFile(apiPolicy('api', '{matchLabels: {app: web}}', SERVICE_IP_RULE), apiPolicy('endpoints', '{}', ENDPOINT_RULE))],
    ['6443 to every destination', apiPolicy('api', '{}', SERVICE_IP_RULE, '- {ports: [{protocol: TCP, port: 6443}]}')],
    ['the Service IP on 6443 only', apiPolicy('api', '{}', '- {to: [{ipBlock: {cidr: 10.96.0.1/32}}], ports: [{protocol: TCP, port: 6443}]}')],
    ['external HTTPS with the private ranges excepted', apiPolicy('https', '{}', '- {to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}}], ports: [{protocol: TCP, port: 443}]}')],
    ['the Service IP in an ingress rule', policy('ops', 'in', 'podSelector: {}\ningress:\n  - {from: [{ipBlock: {cidr: 10.96.0.1/32}}], ports: [{protocol: TCP, port: 443}]}')],
  ])('accepts %s', (_name, yaml) => {
    expect(lintRule(RULE, yaml)).toEqual([]);
  });
});
