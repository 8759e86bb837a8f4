import { namespaceObjects } from '../support/synth';

describe('falco', () => {
  // GIVEN the falco composition WHEN synthesized
  const objects = namespaceObjects('falco');
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('Prometheus scrapes Falco on 8765 and falcosidekick on 2801', () => {
    expect(policy('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8765 }, { protocol: 'TCP', port: 2801 }]);
  });

  test('no Kubernetes API: Falco reads container metadata from the runtime socket, not the API', () => {
    const names = objects.map((o) => o.metadata.name);
    expect(names.length).toBeGreaterThan(2);
    expect(names).not.toContain('allow-cluster-api-egress');
  });
});
