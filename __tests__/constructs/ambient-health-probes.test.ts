import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbientHealthProbes } from '../../constructs/ambient-health-probes';
import { Port } from '../../constructs/port';

describe('AmbientHealthProbes', () => {
  test('admits the istio-cni probe source 169.254.7.127 on every TCP port by default', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new AmbientHealthProbes(chart, 'AmbientHealthProbes');

    // THEN
    const [policy] = Testing.synth(chart);
    expect(policy.metadata.name).toBe('allow-ambient-health-probes-ingress');
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ ipBlock: { cidr: '169.254.7.127/32' } }],
        ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }],
      }],
    });
  });

  test('narrows to the given probe ports and pods', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new AmbientHealthProbes(chart, 'AmbientHealthProbes', { ports: [Port.tcp(8085)], appliesToPods: { 'app.kubernetes.io/name': 'flink-kubernetes-operator' } });

    // THEN
    const [policy] = Testing.synth(chart);
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'flink-kubernetes-operator' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 8085 }] }],
    });
  });

  test('an empty port list names the construct path instead of opening every port and protocol', () => {
    // GIVEN
    const chart = Testing.chart();
    const kafka = new Construct(chart, 'kafka');

    // WHEN / THEN
    expect(() => new AmbientHealthProbes(kafka, 'AmbientHealthProbes', { ports: [] })).toThrow(
      '[test/kafka/AmbientHealthProbes] No ports given; an empty list would allow every port. Give at least one, e.g. Port.tcp(8080).');
  });

  test('refuses appliesToPods {}, which would silently select every pod', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new AmbientHealthProbes(chart, 'AmbientHealthProbes', { appliesToPods: {} })).toThrow(
      '[test/AmbientHealthProbes] appliesToPods is {}, which selects every pod of the namespace. '
      + 'Leave appliesToPods out to apply the policy to every pod, or name the labels of the pods it is for.');
  });
});
