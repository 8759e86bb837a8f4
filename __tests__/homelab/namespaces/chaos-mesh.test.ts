import { namespaceObjects } from '../support/synth';

describe('chaos-mesh', () => {
  // GIVEN the chaos-mesh composition WHEN synthesized
  const objects = namespaceObjects('chaos-mesh');
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);
  const CONTROLLER = { matchLabels: { 'app.kubernetes.io/component': 'controller-manager' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('Prometheus scrapes the controller-manager alone, on 10080', () => {
    expect(policy('allow-prometheus-scrape').spec.podSelector).toEqual(CONTROLLER);
    expect(policy('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 10080 }]);
  });

  test('the controller-manager alone takes its webhook port 10250 from any source', () => {
    expect(policy('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: CONTROLLER,
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 10250 }] }],
    });
  });

  test('no dashboard ingress (reached with kubectl port-forward) and no internet egress', () => {
    const names = objects.map((o) => o.metadata.name);
    expect(names.length).toBeGreaterThan(2);
    expect(names).not.toContain('allow-external-https-egress');
    expect(names.filter((name) => name.endsWith('-ingress') && name.includes('dashboard'))).toEqual([]);
  });
});
