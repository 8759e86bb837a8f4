import { Testing } from 'cdk8s';
import { IngressFromAnySource } from '../../constructs/ingress-from-any-source';
import { Port } from '../../constructs/port';

describe('IngressFromAnySource', () => {
  test('admits every source on the given ports, for the named pods only', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new IngressFromAnySource(chart, 'Clients', {
      peerName: 'http-clients',
      ports: [Port.tcp(80), Port.tcp(443)],
      appliesToPods: { 'app.kubernetes.io/component': 'controller' },
    });

    // THEN
    const [policy] = Testing.synth(chart);
    expect(policy.metadata.name).toBe('allow-http-clients-ingress');
    // No `from`: the clients keep their own addresses behind the LoadBalancer, so no peer names them all.
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 443 }] }],
    });
  });

  test('applies to every pod of the namespace when appliesToPods is left out', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new IngressFromAnySource(chart, 'Clients', { peerName: 'http-clients', ports: [Port.tcp(80)] });

    // THEN
    expect(Testing.synth(chart)[0].spec.podSelector).toEqual({});
  });

  test('refuses an empty port list, which would open every port to every source', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new IngressFromAnySource(chart, 'Clients', { peerName: 'http-clients', ports: [] })).toThrow(
      '[test/Clients] No ports given; an empty list would allow every port. Give at least one, e.g. Port.tcp(8080).');
  });

  test('refuses appliesToPods {} with the construct path', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new IngressFromAnySource(chart, 'Clients', { peerName: 'http-clients', ports: [Port.tcp(80)], appliesToPods: {} })).toThrow(
      '[test/Clients] appliesToPods is {}, which selects every pod of the namespace.');
  });

  test('refuses a peer name that cannot be part of a policy name', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new IngressFromAnySource(chart, 'Clients', { peerName: 'HTTP clients', ports: [Port.tcp(80)] })).toThrow(
      '[test/Clients] Peer name "HTTP clients" is not a DNS-1123 label (lowercase letters, digits and "-", '
      + 'starting and ending with a letter or digit, at most 63 characters). Did you mean "http-clients"?');
  });
});
