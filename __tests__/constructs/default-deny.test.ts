import { Testing } from 'cdk8s';
import { DefaultDeny } from '../../constructs/default-deny';

test('default-deny selects every pod for both directions and allows nothing', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new DefaultDeny(chart, 'DefaultDeny');

  // THEN
  const [policy, ...rest] = Testing.synth(chart);
  expect(rest).toEqual([]);
  expect(policy.kind).toBe('NetworkPolicy');
  expect(policy.metadata.name).toBe('default-deny');
  expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
});
