import { Testing } from 'cdk8s';
import { CalicoGlobalPolicies } from '../../constructs/calico-global-policies';

describe('CalicoGlobalPolicies', () => {
  test('writes the tier, the DNS allow in it and the log-then-deny in the default tier, without a namespace', () => {
    // GIVEN
    const app = Testing.app();

    // WHEN
    const chart = new CalicoGlobalPolicies(app, 'calico-global', { protectedNamespaces: ['loki', 'velero'] });

    // THEN
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Tier/platform', 'GlobalNetworkPolicy/platform.allow-cluster-dns', 'GlobalNetworkPolicy/log-and-deny-protected-namespaces',
    ]);
    expect(objects.every((o) => o.metadata.namespace === undefined)).toBe(true);
    expect(objects).toMatchSnapshot();
  });

  test('passes the tier props on', () => {
    const chart = new CalicoGlobalPolicies(Testing.app(), 'calico-global', { protectedNamespaces: ['loki'], tier: { name: 'baseline', order: 5000 } });
    expect(chart.tier.tierName).toBe('baseline');
    expect(Testing.synth(chart).map((o) => o.spec.tier ?? o.spec.order)).toEqual([5000, 'baseline', 'default']);
  });

  test('refuses an empty namespace list with the chart path', () => {
    expect(() => new CalicoGlobalPolicies(Testing.app(), 'calico-global', { protectedNamespaces: [] })).toThrow(
      "[calico-global/LogDenied] No namespaces given; a selector over an empty set selects no pod, so the policy would silently do nothing. Give at least one namespace, e.g. ['loki'].");
  });
});
