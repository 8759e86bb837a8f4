import { formatConnections, listConnections } from '../../../netpol/analyzer';
import { deployment, modelOf, networkPolicy } from './harness';

// GIVEN two workloads where only web -> db on TCP 5432,5433 and UDP 53 is allowed, nothing external
const model = modelOf([
  deployment('shop', 'web', { app: 'web' }),
  deployment('shop', 'db', { app: 'db' }),
  networkPolicy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
  networkPolicy('shop', 'web-db', {
    podSelector: { matchLabels: { app: 'web' } },
    policyTypes: ['Egress'],
    egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432, endPort: 5433 }, { port: 53, protocol: 'UDP' }] }],
  }),
  networkPolicy('shop', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: {} }] }] }),
]);
const connections = listConnections(model);
const calicoPolicies = [{ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', name: 'deny-all', source: { file: 'anp.yaml', line: 1 } }];
const NOTE =
  'Note: 1 policy was NOT evaluated (Calico enforces AdminNetworkPolicy in its adminnetworkpolicy tier before every other tier, and BaselineAdminNetworkPolicy in its baselineadminnetworkpolicy tier after the default tier; ' +
  'the analyzer does not model them), so the result does not account for them: AdminNetworkPolicy deny-all (anp.yaml:1).';

describe('formatConnections', () => {
  it('txt', () => {
    expect(formatConnections(connections, 'txt')).toBe('shop/web[Deployment] => shop/db[Deployment] : TCP 5432-5433,UDP 53\n');
  });

  it('json carries the ranges and always the Calico field', () => {
    expect(JSON.parse(formatConnections(connections, 'json'))).toEqual({
      connections: [{ src: 'shop/web[Deployment]', dst: 'shop/db[Deployment]', conn: 'TCP 5432-5433,UDP 53', ports: { SCTP: [], TCP: [[5432, 5433]], UDP: [[53, 53]] } }],
      calicoPoliciesNotEvaluated: [],
    });
    expect(JSON.parse(formatConnections(connections, 'json', { calicoPolicies })).calicoPoliciesNotEvaluated).toEqual([
      { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', name: 'deny-all', file: 'anp.yaml', line: 1 },
    ]);
  });

  it('md is a table, with a note line when policies were not evaluated', () => {
    expect(formatConnections(connections, 'md', { calicoPolicies })).toBe(
      ['| src | dst | conn |', '|-----|-----|------|', '| shop/web[Deployment] | shop/db[Deployment] | TCP 5432-5433,UDP 53 |', '', `> ${NOTE}`, ''].join('\n'),
    );
  });

  it('csv quotes the conn column when it holds commas', () => {
    expect(formatConnections(connections, 'csv')).toBe('src,dst,conn\r\nshop/web[Deployment],shop/db[Deployment],"TCP 5432-5433,UDP 53"\r\n');
  });

  it('dot groups workloads by namespace and labels edges', () => {
    expect(formatConnections(connections, 'dot')).toBe(
      [
        'digraph {',
        '\trankdir="LR"',
        '\tnode [fontname="Helvetica"]',
        '\tedge [fontname="Helvetica" fontsize=10]',
        '\tsubgraph cluster_0 {',
        '\t\tlabel="shop"',
        '\t\tn0 [label="db[Deployment]" color="blue"]',
        '\t\tn1 [label="web[Deployment]" color="blue"]',
        '\t}',
        '\tn1 -> n0 [label="TCP 5432-5433,UDP 53"]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('mermaid is a flowchart with a subgraph per namespace', () => {
    expect(formatConnections(connections, 'mermaid', { calicoPolicies })).toBe(
      ['flowchart LR', `  %% ${NOTE}`, '  subgraph ns0["shop"]', '    n0["db[Deployment]"]', '    n1["web[Deployment]"]', '  end', '  n1 -->|"TCP 5432-5433,UDP 53"| n0', ''].join('\n'),
    );
  });
});
