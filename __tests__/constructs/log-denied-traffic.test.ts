import { Testing } from 'cdk8s';
import { LogDeniedTraffic } from '../../constructs/log-denied-traffic';

describe('LogDeniedTraffic', () => {
  test('in the default tier after the Kubernetes policies, selects only the listed namespaces\' pods and logs then denies both ways', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new LogDeniedTraffic(chart, 'LogDenied', { namespaces: ['velero', 'loki'] });

    // THEN
    const [policy, ...rest] = Testing.synth(chart);
    expect(rest).toEqual([]);
    expect(policy.apiVersion).toBe('projectcalico.org/v3');
    expect(policy.kind).toBe('GlobalNetworkPolicy');
    expect(policy.metadata.name).toBe('log-and-deny-protected-namespaces');
    expect(policy.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-40' });
    expect(policy.spec).toEqual({
      tier: 'default',
      order: 10000,
      selector: "projectcalico.org/namespace in {'loki', 'velero'}",
      types: ['Ingress', 'Egress'],
      ingress: [{ action: 'Log' }, { action: 'Deny' }],
      egress: [{ action: 'Log' }, { action: 'Deny' }],
    });
  });

  test('takes another order above 1000', () => {
    const chart = Testing.chart();
    new LogDeniedTraffic(chart, 'LogDenied', { namespaces: ['loki'], order: 1000.5 });
    expect(Testing.synth(chart)[0].spec.order).toBe(1000.5);
  });

  test.each([[1000], [10], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses the order %p, which would not come after the Kubernetes policies', (order) => {
    expect(() => new LogDeniedTraffic(Testing.chart(), 'LogDenied', { namespaces: ['loki'], order })).toThrow(
      `[test/LogDenied] Policy order ${order} is not a finite number above 1000: the policy must come after the Kubernetes NetworkPolicies `
      + '(order 1000 in the default tier), or it would deny what they allow. Use an order such as 10000.');
  });

  test('refuses an empty namespace list', () => {
    expect(() => new LogDeniedTraffic(Testing.chart(), 'LogDenied', { namespaces: [] })).toThrow(
      "[test/LogDenied] No namespaces given; a selector over an empty set selects no pod, so the policy would silently do nothing. Give at least one namespace, e.g. ['loki'].");
  });

  test('refuses a namespace listed twice', () => {
    expect(() => new LogDeniedTraffic(Testing.chart(), 'LogDenied', { namespaces: ['loki', 'loki'] })).toThrow(
      '[test/LogDenied] Namespace "loki" is listed twice. List each namespace once.');
  });
});
