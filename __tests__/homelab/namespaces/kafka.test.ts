import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { kafka } from '../../../homelab/namespaces/kafka';

describe('kafka', () => {
  // GIVEN the kafka composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'kafka', kafka));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const KAFKA_PODS = { matchLabels: { 'strimzi.io/name': 'kafka-cluster-kafka' } };
  const ENTITY_OPERATOR = { matchLabels: { 'strimzi.io/name': 'kafka-cluster-entity-operator' } };
  const inKafka = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has default deny, DNS, the scrape, the ambient probes, the operator, node, topic operator and Flink peers and the API, and nothing else', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-ambient-health-probes-ingress',
      'allow-strimzi-operator-ingress', 'allow-kafka-nodes-ingress', 'allow-entity-operator-ingress', 'allow-flink-demo-ingress',
      'allow-kafka-nodes-egress', 'allow-kafka-brokers-egress', 'allow-cluster-api-egress',
    ]);
  });

  test('admits the Strimzi operator pods of strimzi-system on the Kafka pods, on 9090, 9091, 9092, 8443 and HBONE 15008 only', () => {
    expect(byName('allow-strimzi-operator-ingress').spec).toEqual({
      podSelector: KAFKA_PODS,
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'strimzi-system' } },
          podSelector: { matchLabels: { 'strimzi.io/kind': 'cluster-operator' } },
        }],
        ports: [
          { protocol: 'TCP', port: 9090 }, { protocol: 'TCP', port: 9091 }, { protocol: 'TCP', port: 9092 },
          { protocol: 'TCP', port: 8443 }, { protocol: 'TCP', port: 15008 },
        ],
      }],
    });
  });

  test('admits every pod of flink-demo on the plain listener 9092 and HBONE 15008, on the Kafka pods only', () => {
    expect(byName('allow-flink-demo-ingress').spec).toEqual({
      podSelector: KAFKA_PODS,
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'flink-demo' } } }],
        ports: [{ protocol: 'TCP', port: 9092 }, { protocol: 'TCP', port: 15008 }],
      }],
    });
  });

  test('lets the topic operator, and only it, reach the replication listener 9091 (and HBONE) and the API', () => {
    expect(byName('allow-kafka-brokers-egress').spec).toEqual({
      podSelector: ENTITY_OPERATOR,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ...inKafka, podSelector: KAFKA_PODS }], ports: [{ protocol: 'TCP', port: 9091 }, { protocol: 'TCP', port: 15008 }] }],
    });
    expect(byName('allow-entity-operator-ingress').spec.ingress).toEqual([{
      from: [{ ...inKafka, podSelector: ENTITY_OPERATOR }],
      ports: [{ protocol: 'TCP', port: 9091 }, { protocol: 'TCP', port: 15008 }],
    }]);
    expect(byName('allow-cluster-api-egress').spec.podSelector).toEqual(ENTITY_OPERATOR);
    expect(byName('allow-prometheus-scrape').spec.podSelector).toEqual(ENTITY_OPERATOR);
  });
});
