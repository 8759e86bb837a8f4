import { Testing } from 'cdk8s';
import { PassThroughTier } from '../../constructs/pass-through-tier';

describe('PassThroughTier', () => {
  test('defaults to tier platform, order 100000, defaultAction Pass, one wave before the policies', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const tier = new PassThroughTier(chart, 'Tier');

    // THEN
    expect(tier.tierName).toBe('platform');
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'projectcalico.org/v3',
      kind: 'Tier',
      metadata: {
        name: 'platform',
        labels: { 'app.kubernetes.io/component': 'network-policy', 'app.kubernetes.io/managed-by': 'cdk8s' },
        annotations: { 'argocd.argoproj.io/sync-wave': '-41' },
      },
      spec: { order: 100000, defaultAction: 'Pass' },
    }]);
  });

  test('takes a name and an order', () => {
    const chart = Testing.chart();
    new PassThroughTier(chart, 'Tier', { name: 'security', order: 2000 });
    const [tier] = Testing.synth(chart);
    expect(tier.metadata.name).toBe('security');
    expect(tier.spec).toEqual({ order: 2000, defaultAction: 'Pass' });
  });

  test.each([
    ['the AdminNetworkPolicy tier\'s order', 1000, 'Tier order 1000 is not a number between 1000 and 1000000 (both excluded)'],
    ['the default tier\'s order', 1_000_000, 'Tier order 1000000 is not a number between 1000 and 1000000 (both excluded)'],
    ['an order after the default tier', 2_000_000, 'Tier order 2000000 is not a number between 1000 and 1000000 (both excluded)'],
    ['a negative order', -5, 'Tier order -5 is not a number between 1000 and 1000000 (both excluded)'],
    ['NaN', Number.NaN, 'Tier order NaN is not a number between 1000 and 1000000 (both excluded)'],
  ])('refuses %s', (_case, order, start) => {
    expect(() => new PassThroughTier(Testing.chart(), 'Tier', { order })).toThrow(
      `[test/Tier] ${start}: a pass-through tier must come after the AdminNetworkPolicy tier and before the default tier, `
      + 'where the Kubernetes NetworkPolicies are. Use an order such as 500500.');
  });

  test.each(['default', 'adminnetworkpolicy', 'baselineadminnetworkpolicy', 'kube-admin', 'kube-baseline'])('refuses the reserved tier name %s', (name) => {
    expect(() => new PassThroughTier(Testing.chart(), 'Tier', { name })).toThrow(
      `[test/Tier] Tier name "${name}" is one Calico creates or reserves itself `
      + '(default, adminnetworkpolicy, baselineadminnetworkpolicy, kube-admin, kube-baseline). Choose another name, e.g. "platform".');
  });

  test('refuses a name that is not a DNS label', () => {
    expect(() => new PassThroughTier(Testing.chart(), 'Tier', { name: 'Platform Tier' })).toThrow(
      '[test/Tier] Tier name "Platform Tier" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, '
      + 'at most 63 characters). Did you mean "platform-tier"?');
  });
});
