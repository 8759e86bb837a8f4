import { Testing } from 'cdk8s';
import { ExternalHttps } from '../../constructs/external-https';

test('allow-external-https-egress reaches every address but the private ranges on TCP 443', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new ExternalHttps(chart, 'ExternalHttps');

  // THEN
  const [policy] = Testing.synth(chart);
  expect(policy.metadata.name).toBe('allow-external-https-egress');
  expect(policy.spec).toEqual({
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    }],
  });
});

describe('ExternalHttps appliesToPods', () => {
  const LABELS = { 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'controller' };

  test('narrows the policy to the labelled pods and leaves the rules as they are', () => {
    // GIVEN
    const chart = Testing.chart();
    const everyPod = Testing.chart();

    // WHEN
    new ExternalHttps(chart, 'ExternalHttps', { appliesToPods: LABELS });
    new ExternalHttps(everyPod, 'ExternalHttps');

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
    expect(() => new ExternalHttps(chart, 'ExternalHttps', { appliesToPods: { app: 'web hook' } })).toThrow(
      '[test/ExternalHttps] appliesToPods value "web hook" of "app" is not a valid label value (at most 63 characters: '
      + 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit). Copy the value from `kubectl get pods --show-labels`.');
  });
});
