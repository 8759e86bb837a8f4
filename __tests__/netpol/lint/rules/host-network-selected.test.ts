import { lineOf, FILE, deployment, lintRule, messages, policy, yamlFile } from '../harness';

const RULE = 'host-network-selected';
const NODE_EXPORTER = deployment('monitoring', 'node-exporter', { app: 'node-exporter' }, [{ containerPort: 9100 }], true);
const SPEAKER = deployment('monitoring', 'speaker', { app: 'speaker' }, [], true);
const PROMETHEUS = deployment('monitoring', 'prometheus', { app: 'prometheus' });
const WHY =
  "NetworkPolicy does not apply to pods on the host network (their traffic is the node's), so this policy neither isolates nor admits anything for them. " +
  'Narrow the podSelector to leave them out (e.g. a NotIn expression on their labels) and protect them with a Calico HostEndpoint policy if needed.';

describe('host-network-selected', () => {
  it('reports a policy that selects a hostNetwork workload, at the policy, as a warning', () => {
    const yaml = yamlFile(NODE_EXPORTER, PROMETHEUS, policy('monitoring', 'ne', 'podSelector: {matchLabels: {app: node-exporter}}\npolicyTypes: [Ingress]'));
    expect(lintRule(RULE, yaml)).toEqual([
      {
        ruleId: RULE,
        severity: 'warning',
        file: FILE,
        line: lineOf(yaml, 'apiVersion: networking.k8s.io/v1'),
        object: 'NetworkPolicy monitoring/ne',
        message: `Field spec.podSelector app=node-exporter selects the hostNetwork workload monitoring/node-exporter[Deployment]. ${WHY}`,
      },
    ]);
  });

  it('lists every hostNetwork workload an empty podSelector takes in', () => {
    const yaml = yamlFile(NODE_EXPORTER, SPEAKER, PROMETHEUS, policy('monitoring', 'default-deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'));
    expect(messages(RULE, yaml)).toEqual([
      `Field spec.podSelector {} selects the hostNetwork workloads monitoring/node-exporter[Deployment] and monitoring/speaker[Deployment]. ${WHY}`,
    ]);
  });

  it.each([
    ['a selector that leaves them out', yamlFile(NODE_EXPORTER, PROMETHEUS, policy('monitoring', 'prom', 'podSelector: {matchLabels: {app: prometheus}}'))],
    ['hostNetwork workloads of another namespace', yamlFile(NODE_EXPORTER, policy('shop', 'deny', 'podSelector: {}'))],
  ])('accepts %s', (_name, yaml) => {
    expect(lintRule(RULE, yaml)).toEqual([]);
  });
});
