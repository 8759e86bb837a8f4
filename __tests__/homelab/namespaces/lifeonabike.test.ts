import { namespaceObjects } from '../support/synth';

describe('lifeonabike', () => {
  // GIVEN the lifeonabike composition WHEN synthesized
  const objects = namespaceObjects('lifeonabike');

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
