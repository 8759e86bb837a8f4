import { namespaceObjects } from '../support/synth';

describe('argo-events', () => {
  // GIVEN the argo-events composition WHEN synthesized
  const objects = namespaceObjects('argo-events');
  const policy = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('the webhook pod alone takes 443 from any source', () => {
    expect(policy('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'argo-events-events-webhook' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 443 }] }],
    });
  });

});
