import { Testing } from 'cdk8s';
import { DnsEgress } from '../../constructs/dns-egress';

test('allow-dns-egress reaches the kube-dns pods in kube-system through one ANDed peer on UDP and TCP 53', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new DnsEgress(chart, 'DnsEgress');

  // THEN
  const [policy, ...rest] = Testing.synth(chart);
  expect(rest).toEqual([]);
  expect(policy.metadata.name).toBe('allow-dns-egress');
  expect(policy.spec).toEqual({
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }],
  });
});
