import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { flinkDemo } from '../../../homelab/namespaces/flink-demo';

describe('flink-demo', () => {
  // GIVEN the flink-demo composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'flink-demo', flinkDemo));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const JOB_MANAGERS = { matchLabels: { component: 'jobmanager', type: 'flink-native-kubernetes' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has default deny, DNS, the ambient probes, the operator and UI in, JM/TM traffic, Kafka, LocalStack and the API, and no scrape', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-ambient-health-probes-ingress',
      'allow-flink-operator-ingress', 'allow-ingress-nginx-ingress',
      'allow-kafka-egress', 'allow-localstack-egress', 'allow-within-namespace', 'allow-cluster-api-egress',
    ]);
    expect(byName('allow-prometheus-scrape')).toBeUndefined();
  });

  test('admits the Flink operator pod on the JobManagers\' REST port 8081 and HBONE 15008 only', () => {
    expect(byName('allow-flink-operator-ingress').spec).toEqual({
      podSelector: JOB_MANAGERS,
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'flink-operator' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'flink-kubernetes-operator' } },
        }],
        ports: [{ protocol: 'TCP', port: 8081 }, { protocol: 'TCP', port: 15008 }],
      }],
    });
  });

  test('sends the UI to kafka-to-s3\'s JobManager only, as plain TCP on 8081 (ingress-nginx is not in the mesh)', () => {
    expect(byName('allow-ingress-nginx-ingress').spec).toEqual({
      podSelector: { matchLabels: { app: 'kafka-to-s3', component: 'jobmanager' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 8081 }],
      }],
    });
  });

  test('reaches the Kafka pods on 9092 and LocalStack on 4566, each also on HBONE, and nothing else outside', () => {
    expect(byName('allow-kafka-egress').spec.egress).toEqual([{
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } },
        podSelector: { matchLabels: { 'strimzi.io/name': 'kafka-cluster-kafka' } },
      }],
      ports: [{ protocol: 'TCP', port: 9092 }, { protocol: 'TCP', port: 15008 }],
    }]);
    expect(byName('allow-localstack-egress').spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'localstack' } } }],
      ports: [{ protocol: 'TCP', port: 4566 }, { protocol: 'TCP', port: 15008 }],
    }]);
    expect(byName('allow-external-https-egress')).toBeUndefined();
  });

  test('lets JobManagers and TaskManagers talk on RPC 6122/6123, the blob server 6124 and HBONE', () => {
    const ports = [{ protocol: 'TCP', port: 6122 }, { protocol: 'TCP', port: 6123 }, { protocol: 'TCP', port: 6124 }, { protocol: 'TCP', port: 15008 }];
    expect(byName('allow-within-namespace').spec.ingress).toEqual([{ from: [{ podSelector: {} }], ports }]);
    expect(byName('allow-within-namespace').spec.egress).toEqual([{ to: [{ podSelector: {} }], ports }]);
    expect(byName('allow-cluster-api-egress').spec.podSelector).toEqual(JOB_MANAGERS);
  });
});
