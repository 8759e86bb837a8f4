import { Testing } from 'cdk8s';
import { Port } from '../../constructs/port';
import { PrometheusScrape } from '../../constructs/prometheus-scrape';
import { describeAppliesToPods } from './applies-to-pods';

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

describeAppliesToPods('PrometheusScrape', 'PrometheusScrape', (scope, id, pods) => new PrometheusScrape(scope, id, { ports: [Port.tcp(7472)], appliesToPods: pods }));
