import { namespaceObjects } from '../support/synth';

describe('lifeonabike', () => {
  // GIVEN the lifeonabike composition WHEN synthesized
  const objects = namespaceObjects('lifeonabike');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const inLifeonabike = (labels: Record<string, string>) => ({
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'lifeonabike' } },
    podSelector: { matchLabels: labels },
  });

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('no scrape and no Kubernetes API: nginx and cloudflared serve no metrics and read no objects', () => {
    const names = objects.map((o) => o.metadata.name);
    expect(names.length).toBeGreaterThan(2);
    expect(names).not.toContain('allow-prometheus-scrape');
    expect(names).not.toContain('allow-cluster-api-egress');
  });
});
