import { Testing } from 'cdk8s';
import { ClusterApi } from '../../constructs/cluster-api';
import { describeAppliesToPods } from './applies-to-pods';

describe('ClusterApi', () => {
  test('with endpoints allows the Service IP on 443 and each endpoint /32 on 6443, without a warning', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const api = new ClusterApi(chart, 'ClusterApi', { endpoints: ['10.0.10.11', '10.0.10.12'] });

    // THEN
    const [policy] = Testing.synth(chart);
    expect(policy.metadata.name).toBe('allow-cluster-api-egress');
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '10.96.0.1/32' } }], ports: [{ protocol: 'TCP', port: 443 }] },
        {
          to: [{ ipBlock: { cidr: '10.0.10.11/32' } }, { ipBlock: { cidr: '10.0.10.12/32' } }],
          ports: [{ protocol: 'TCP', port: 6443 }],
        },
      ],
    });
    expect(api.node.metadata.filter((entry) => entry.type === 'warning')).toEqual([]);
  });

  test('without endpoints fails synth, saying what to fill and how to read it', () => {
    expect(() => new ClusterApi(Testing.chart(), 'ClusterApi', { endpoints: [] })).toThrow(
      '[test/ClusterApi] No API server endpoints are set, so pods here could not reach the API server: after kube-proxy\'s DNAT '
      + 'the packet goes to an endpoint on 6443, not to 10.96.0.1:443. Fill API_SERVER.endpoints in cluster.ts from: '
      + 'kubectl get endpointslice -n default -l kubernetes.io/service-name=kubernetes');
  });

  test('defaults to the endpoints of cluster.ts', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ClusterApi(chart, 'ClusterApi');

    // THEN the Service IP rule and one for API_SERVER.endpoints on 6443
    const egress = Testing.synth(chart)[0].spec.egress;
    expect(egress).toHaveLength(2);
    expect(egress[1].ports).toEqual([{ protocol: 'TCP', port: 6443 }]);
    expect(egress[1].to.length).toBeGreaterThan(0);
  });

  test('an invalid endpoint address names the construct path', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new ClusterApi(chart, 'ClusterApi', { endpoints: ['10.0.1.300'] })).toThrow(
      '[test/ClusterApi] CIDR "10.0.1.300/32" does not start with an IPv4 address (four numbers 0-255, no leading zeros). Fix the address.');
  });
});

describeAppliesToPods('ClusterApi', 'ClusterApi', (scope, id, pods) => new ClusterApi(scope, id, { endpoints: ['10.0.10.11'], appliesToPods: pods }));
