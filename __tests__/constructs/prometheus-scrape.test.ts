import { Testing } from 'cdk8s';
import { Port } from '../../constructs/port';
import { PrometheusScrape } from '../../constructs/prometheus-scrape';

describe('PrometheusScrape', () => {
  test('admits only the Prometheus pods in default on the metrics ports', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new PrometheusScrape(chart, 'PrometheusScrape', { ports: [Port.tcp(8085), Port.tcp(9090)] });

    // THEN
    const [policy] = Testing.synth(chart);
    expect(policy.metadata.name).toBe('allow-prometheus-scrape');
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        }],
        ports: [{ protocol: 'TCP', port: 8085 }, { protocol: 'TCP', port: 9090 }],
      }],
    });
  });

  test('a bad port names the construct path', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new PrometheusScrape(chart, 'PrometheusScrape', { ports: [Port.tcp(0)] })).toThrow(
      '[test/PrometheusScrape] Port 0 is not a whole number from 1 to 65535. Use a port in that range.');
  });
});

describe('PrometheusScrape appliesToPods', () => {
  const LABELS = { 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'controller' };

  test('narrows the policy to the labelled pods and leaves the rules as they are', () => {
    // GIVEN
    const chart = Testing.chart();
    const everyPod = Testing.chart();

    // WHEN
    new PrometheusScrape(chart, 'PrometheusScrape', { ports: [Port.tcp(7472)], appliesToPods: LABELS });
    new PrometheusScrape(everyPod, 'PrometheusScrape', { ports: [Port.tcp(7472)] });

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
    expect(() => new PrometheusScrape(chart, 'PrometheusScrape', { ports: [Port.tcp(7472)], appliesToPods: { app: 'web hook' } })).toThrow(
      '[test/PrometheusScrape] appliesToPods value "web hook" of "app" is not a valid label value (at most 63 characters: '
      + 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit). Copy the value from `kubectl get pods --show-labels`.');
  });
});
