import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { flinkOperator } from '../../../homelab/namespaces/flink-operator';

describe('flink-operator', () => {
  // GIVEN the flink-operator composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'flink-operator', flinkOperator));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const OPERATOR = { matchLabels: { 'app.kubernetes.io/name': 'flink-kubernetes-operator' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has default deny, DNS, the webhook, the ambient probes, the JobManagers and the API, and no scrape', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-api-server-webhook-ingress', 'allow-ambient-health-probes-ingress',
      'allow-flink-demo-jobmanagers-egress', 'allow-cluster-api-egress',
    ]);
    expect(byName('allow-prometheus-scrape')).toBeUndefined();
  });

  test('opens the webhook port 9443 to any source, on the operator pod only', () => {
    expect(byName('allow-api-server-webhook-ingress').spec).toEqual({
      podSelector: OPERATOR,
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 9443 }] }],
    });
  });

  test('admits the istio-cni probe address on the operator pod\'s health port 8085 only', () => {
    expect(byName('allow-ambient-health-probes-ingress').spec).toEqual({
      podSelector: OPERATOR,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 8085 }] }],
    });
  });

  test('reaches only the native-mode JobManagers of flink-demo, on their REST port 8081 and HBONE 15008', () => {
    expect(byName('allow-flink-demo-jobmanagers-egress').spec.egress).toEqual([{
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'flink-demo' } },
        podSelector: { matchLabels: { component: 'jobmanager', type: 'flink-native-kubernetes' } },
      }],
      ports: [{ protocol: 'TCP', port: 8081 }, { protocol: 'TCP', port: 15008 }],
    }]);
  });
});
