import { Testing } from 'cdk8s';
import { TIER_SYNC_WAVE, calicoMetadata, egressPortRules, validateOrder } from '../../constructs/calico-policy';
import { Port } from '../../constructs/port';
import {
  GlobalNetworkPolicySpecEgressAction, toJson_GlobalNetworkPolicySpecEgress,
} from '../../imports/calicov3-globalnetworkpolicy-projectcalico.org';

describe('calico-policy helpers', () => {
  test('the Tier wave is one before the policies\' -40, so ArgoCD creates the Tier first', () => {
    expect(TIER_SYNC_WAVE).toBe('-41');
    expect(calicoMetadata('platform', TIER_SYNC_WAVE)).toEqual({
      name: 'platform',
      labels: { 'app.kubernetes.io/component': 'network-policy', 'app.kubernetes.io/managed-by': 'cdk8s' },
      annotations: { 'argocd.argoproj.io/sync-wave': '-41' },
    });
    expect(calicoMetadata('x').annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-40' });
  });

  test('egressPortRules writes one rule per protocol, in first-appearance order, ranges as start:end', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const rules = egressPortRules(chart, GlobalNetworkPolicySpecEgressAction.ALLOW, { nets: ['10.0.1.1/32'] },
      [Port.tcp(443), Port.udp(53), Port.tcpRange(8000, 8080)]);

    // THEN
    expect(rules.map((rule) => toJson_GlobalNetworkPolicySpecEgress(rule))).toEqual([
      { action: 'Allow', protocol: 'TCP', destination: { nets: ['10.0.1.1/32'], ports: [443, '8000:8080'] } },
      { action: 'Allow', protocol: 'UDP', destination: { nets: ['10.0.1.1/32'], ports: [53] } },
    ]);
  });

  test('egressPortRules refuses an empty port list and a bad port, with the construct path', () => {
    const chart = Testing.chart();
    expect(() => egressPortRules(chart, GlobalNetworkPolicySpecEgressAction.ALLOW, {}, [])).toThrow(
      '[test] No ports given; an empty list would allow every port. Give at least one, e.g. Port.tcp(8080).');
    expect(() => egressPortRules(chart, GlobalNetworkPolicySpecEgressAction.ALLOW, {}, [Port.udp(0)])).toThrow(
      '[test] Port 0 is not a whole number from 1 to 65535. Use a port in that range.');
  });

  test('validateOrder accepts the open range and refuses its ends, non-numbers and infinities', () => {
    const chart = Testing.chart();
    expect(() => validateOrder(chart, 'Tier order', 1001, 1000, 2000, 'why')).not.toThrow();
    expect(() => validateOrder(chart, 'Tier order', 1000, 1000, 2000, 'it must be inside')).toThrow(
      '[test] Tier order 1000 is not a number between 1000 and 2000 (both excluded): it must be inside. Use an order such as 1500.');
    expect(() => validateOrder(chart, 'Policy order', Number.NaN, 1000, Number.POSITIVE_INFINITY, 'it must be after')).toThrow(
      '[test] Policy order NaN is not a finite number above 1000: it must be after. Use an order such as 10000.');
    expect(() => validateOrder(chart, 'Policy order', Number.POSITIVE_INFINITY, 1000, Number.POSITIVE_INFINITY, 'it must be after')).toThrow(
      '[test] Policy order Infinity is not a finite number above 1000: it must be after. Use an order such as 10000.');
  });
});
