import { Testing } from 'cdk8s';
import { EgressToNamespace } from '../../constructs/egress-to-namespace';
import { Port } from '../../constructs/port';

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

describe('EgressToNamespace appliesToPods', () => {
  const LABELS = { 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'controller' };

  test('narrows the policy to the labelled pods and leaves the rules as they are', () => {
    // GIVEN
    const chart = Testing.chart();
    const everyPod = Testing.chart();

    // WHEN
    new EgressToNamespace(chart, 'WebhookEgress', { peerName: 'unifi-webhook', namespace: 'external-dns', ports: [Port.tcp(8888)], appliesToPods: LABELS });
    new EgressToNamespace(everyPod, 'WebhookEgress', { peerName: 'unifi-webhook', namespace: 'external-dns', ports: [Port.tcp(8888)] });

    // THEN
    const [narrowed] = Testing.synth(chart);
    const [wide] = Testing.synth(everyPod);
    expect(narrowed.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'controller' } });
    expect(wide.spec.podSelector).toEqual({});
    expect({ ...narrowed.spec, podSelector: {} }).toEqual(wide.spec);
  });

  test('refuses a label value Kubernetes would reject, with the construct path', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new EgressToNamespace(chart, 'WebhookEgress', { peerName: 'unifi-webhook', namespace: 'external-dns', ports: [Port.tcp(8888)], appliesToPods: { app: 'web hook' } })).toThrow(
      '[test/WebhookEgress] appliesToPods value "web hook" of "app" is not a valid label value (at most 63 characters: '
      + 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit). Copy the value from `kubectl get pods --show-labels`.');
  });
});
