import { Testing } from 'cdk8s';
import { IngressFromNamespace } from '../../constructs/ingress-from-namespace';
import { Port } from '../../constructs/port';
import { describeAppliesToPods } from './applies-to-pods';

describe('IngressFromNamespace', () => {
  test('admits every pod of the namespace when no labels are given', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new IngressFromNamespace(chart, 'VeleroIngress', { peerName: 'velero', namespace: 'velero', ports: [Port.tcp(4566)] });

    // THEN
    const [policy] = Testing.synth(chart);
    expect(policy.metadata.name).toBe('allow-velero-ingress');
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'velero' } } }],
        ports: [{ protocol: 'TCP', port: 4566 }],
      }],
    });
  });

  test('narrows the peer to labelled pods in the same peer entry', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new IngressFromNamespace(chart, 'GrafanaIngress', {
      peerName: 'grafana', namespace: 'default', podLabels: { 'app.kubernetes.io/name': 'grafana' }, ports: [Port.tcp(3100)],
    });

    // THEN
    expect(Testing.synth(chart)[0].spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } },
    }]);
  });

  test('refuses a namespace that is not a DNS-1123 label', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new IngressFromNamespace(chart, 'VeleroIngress', { peerName: 'velero', namespace: 'Velero', ports: [Port.tcp(4566)] }))
      .toThrow('[test/VeleroIngress] Namespace "Velero" is not a DNS-1123 label (lowercase letters, digits and "-", '
        + 'starting and ending with a letter or digit, at most 63 characters). Did you mean "velero"?');
  });

  test('refuses a peer name that cannot be part of a policy name', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => new IngressFromNamespace(chart, 'NginxIngress', { peerName: 'ingress nginx', namespace: 'ingress-nginx', ports: [Port.tcp(80)] }))
      .toThrow('[test/NginxIngress] Peer name "ingress nginx" is not a DNS-1123 label (lowercase letters, digits and "-", '
        + 'starting and ending with a letter or digit, at most 63 characters). Did you mean "ingress-nginx"?');
  });
});

describeAppliesToPods('IngressFromNamespace', 'UnifiIngress', (scope, id, pods) => new IngressFromNamespace(scope, id, {
  peerName: 'external-dns-unifi', namespace: 'external-dns', ports: [Port.tcp(8888)], appliesToPods: pods,
}));
