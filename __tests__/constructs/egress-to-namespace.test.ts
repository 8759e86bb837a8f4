import { Testing } from 'cdk8s';
import { EgressToNamespace } from '../../constructs/egress-to-namespace';
import { Port } from '../../constructs/port';
import { describeAppliesToPods } from './applies-to-pods';

describe('EgressToNamespace', () => {
  test('reaches the labelled pods of another namespace on the given ports', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new EgressToNamespace(chart, 'AlertmanagerEgress', {
      peerName: 'alertmanager', namespace: 'default', podLabels: { 'app.kubernetes.io/name': 'alertmanager' }, ports: [Port.tcp(9093)],
    });

    // THEN
    const [policy] = Testing.synth(chart);
    expect(policy.metadata.name).toBe('allow-alertmanager-egress');
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } },
        }],
        ports: [{ protocol: 'TCP', port: 9093 }],
      }],
    });
  });

  test('refuses a namespace that is not a DNS-1123 label', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new EgressToNamespace(chart, 'LocalstackEgress', { peerName: 'localstack', namespace: 'local.stack', ports: [Port.tcp(4566)] }))
      .toThrow('[test/LocalstackEgress] Namespace "local.stack" is not a DNS-1123 label (lowercase letters, digits and "-", '
        + 'starting and ending with a letter or digit, at most 63 characters). Did you mean "local-stack"?');
  });

  test('refuses an empty port list', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new EgressToNamespace(chart, 'LocalstackEgress', { peerName: 'localstack', namespace: 'localstack', ports: [] }))
      .toThrow('[test/LocalstackEgress] No ports given; an empty list would allow every port. Give at least one, e.g. Port.tcp(8080).');
  });
});

describeAppliesToPods('EgressToNamespace', 'WebhookEgress', (scope, id, pods) => new EgressToNamespace(scope, id, {
  peerName: 'unifi-webhook', namespace: 'external-dns', ports: [Port.tcp(8888)], appliesToPods: pods,
}));
