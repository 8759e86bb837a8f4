import { Testing } from 'cdk8s';
import { ApiServerWebhook } from '../../constructs/api-server-webhook';
import { Port } from '../../constructs/port';

describe('ApiServerWebhook', () => {
  test('admits every source on the webhook port, for the webhook pods only', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ApiServerWebhook(chart, 'ApiServerWebhook', {
      ports: [Port.tcp(10250)],
      appliesToPods: { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/component': 'webhook' },
    });

    // THEN
    const [policy] = Testing.synth(chart);
    expect(policy.metadata.name).toBe('allow-api-server-webhook-ingress');
    // No `from`: the API server's calls come from a node or tunnel address, which no pod peer names.
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/component': 'webhook' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 10250 }] }],
    });
  });

  test('applies to every pod of the namespace when appliesToPods is left out', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ApiServerWebhook(chart, 'ApiServerWebhook', { ports: [Port.tcp(9443)] });

    // THEN
    expect(Testing.synth(chart)[0].spec.podSelector).toEqual({});
  });

  test('refuses an empty port list, which would open every port to every source', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new ApiServerWebhook(chart, 'ApiServerWebhook', { ports: [] })).toThrow(
      '[test/ApiServerWebhook] No ports given; an empty list would allow every port. Give at least one, e.g. Port.tcp(8080).');
  });

  test('refuses appliesToPods {} with the construct path', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new ApiServerWebhook(chart, 'ApiServerWebhook', { ports: [Port.tcp(9443)], appliesToPods: {} })).toThrow(
      '[test/ApiServerWebhook] appliesToPods is {}, which selects every pod of the namespace.');
  });
});
