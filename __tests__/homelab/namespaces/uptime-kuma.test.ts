import { namespaceObjects } from '../support/synth';

describe('uptime-kuma', () => {
  // GIVEN the uptime-kuma composition WHEN synthesized
  const objects = namespaceObjects('uptime-kuma');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const APP = { matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('gives every monitor egress to the app pods only, never to the drift detector', () => {
    const monitorEgress = objects.filter((o) => o.metadata.name.endsWith('-egress')
      && !['allow-dns-egress', 'allow-cluster-api-egress'].includes(o.metadata.name));
    expect(monitorEgress.map((o) => o.spec.podSelector)).toEqual(monitorEgress.map(() => APP));
  });

  test('opens the API server to the drift detector only', () => {
    expect(byName('allow-cluster-api-egress').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma-monitor-drift' } });
  });

});
