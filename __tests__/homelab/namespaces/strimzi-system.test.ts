import { namespaceObjects } from '../support/synth';

describe('strimzi-system', () => {
  // GIVEN the strimzi-system composition WHEN synthesized
  const objects = namespaceObjects('strimzi-system');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('admits the istio-cni probe address on the probe port 8080 only', () => {
    expect(byName('allow-ambient-health-probes-ingress').spec.ingress).toEqual([{
      from: [{ ipBlock: { cidr: '169.254.7.127/32' } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    }]);
  });

  test('admits only the Prometheus pods, on the operator http port 8080 and HBONE 15008, and no webhook caller', () => {
    expect(byName('allow-prometheus-scrape').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      }],
      ports: [{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 15008 }],
    }]);
    expect(byName('allow-api-server-webhook-ingress')).toBeUndefined();
    expect(byName('allow-external-https-egress')).toBeUndefined();
  });
});
