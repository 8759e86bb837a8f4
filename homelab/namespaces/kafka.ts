import { Construct } from 'constructs';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

// Pod labels Strimzi sets (strimzi/strimzi-kafka-operator cluster-operator/.../model/): every
// node-pool pod of cluster kafka-cluster carries strimzi.io/name=kafka-cluster-kafka (KafkaPool.java),
// the entity operator strimzi.io/name=kafka-cluster-entity-operator; Strimzi's own generated policies
// select on the same labels.
/** The Kafka pods (brokers and KRaft controllers) of kafka-cluster. */
export const KAFKA_BROKERS = Pods.select('kafka', 'kafka-brokers', { 'strimzi.io/name': 'kafka-cluster-kafka' });
const KAFKA_PODS = KAFKA_BROKERS;
const ENTITY_OPERATOR = Pods.select('kafka', 'entity-operator', { 'strimzi.io/name': 'kafka-cluster-entity-operator' });

// KafkaCluster.java: the KRaft control plane listener and the internal replication listener.
export const KAFKA_CONTROL_PLANE = Port.tcp(9090);
export const KAFKA_REPLICATION = Port.tcp(9091);
const CONTROL_PLANE = KAFKA_CONTROL_PLANE;
const REPLICATION = KAFKA_REPLICATION;
// The KafkaAgent the operator asks for broker state while a pod restarts.
export const KAFKA_AGENT = Port.tcp(8443);
/** The Kafka CR's only listener: "plain", internal, no TLS (kafka-cluster-kafka-bootstrap:9092). */
export const KAFKA_CLIENTS = Port.tcp(9092);
// kafka is in the Istio ambient mesh (homelab PR #634), as are strimzi-system, flink-demo and default:
// between enrolled pods the wire carries HBONE to the receiving pod's IP on 15008, and ProtectedNamespace
// adds it to every rule whose peer is enrolled too (ISTIO_AMBIENT.enrolledNamespaces in cluster.ts).

/**
 * kafka: the Strimzi-managed Kafka cluster kafka-cluster (imcbeth/homelab manifests/base/kafka/,
 * Application manifests/applications/kafka.yaml): one KRaft node with both the controller and the
 * broker role (KafkaNodePool "combined", ephemeral storage), one plain listener on 9092, no
 * metricsConfig (so no 9404), and the entity operator with the topic operator only. Its clients are
 * the two Flink jobs of flink-demo (KAFKA_BOOTSTRAP_SERVERS kafka-cluster-kafka-bootstrap.kafka:9092 in
 * manifests/base/flink-demo/flink-*.yaml); no other homelab manifest names the bootstrap Service.
 *
 * Strimzi also writes its own ingress NetworkPolicies here (generateNetworkPolicy defaults to true in
 * the operator chart): kafka-cluster-network-policy-kafka opens 9092 to every pod of the cluster
 * (the listener sets no networkPolicyPeers) and kafka-cluster-entity-operator opens 8080 to every
 * pod. Policies add up, so those two ports stay open on the ingress side whatever this file says;
 * the spec lists it as a known gap with the fix.
 *
 * The homelab's notes (.claude/notes/sessions/2026-05-30-kafka-flink-infrastructure.md and
 * 2026-05-31-bare-hbone-egress-kafka-flink-image.md) confirm the operator's 9090/9091/9092 and the topic
 * operator's 9091, and that blocking 15008 broke the topic operator once the namespaces joined the mesh.
 */
export class Kafka extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'kafka', {
      // The topic operator serves /metrics on its healthcheck port 8080 (Strimzi's example PodMonitor
      // scrapes it). No PodMonitor in the homelab yet; open to the Prometheus pods only, so enabling one
      // needs no policy change. The broker has no metrics port (no metricsConfig).
      prometheusScrapePorts: [Port.tcp(8080)],
      prometheusScrapePods: ENTITY_OPERATOR.labels,
      // The kubelet's probes of the broker and the topic operator come from istio-cni's probe address; the
      // broker's probe ports were not read from Strimzi's code, so ambientHealthProbes keeps its default
      // for an enrolled namespace: every TCP port.
      // (The Strimzi operator's management connections and the Flink jobs' clients are flows strimzi-system
      // and flink-demo declare.)
      egressTo: [
        // KRaft quorum and replication between the nodes (one node today; a second one needs this).
        { from: KAFKA_PODS, to: KAFKA_PODS, ports: [CONTROL_PLANE, REPLICATION] },
        // The topic operator's Admin client connects to the replication listener, as in Strimzi's own policy.
        { from: ENTITY_OPERATOR, to: KAFKA_PODS, ports: [REPLICATION] },
      ],
      // The topic operator watches KafkaTopic resources and writes their status; the broker itself
      // reads nothing from the API (no rack awareness or node ports, so no kafka-init container).
      clusterApi: { appliesToPods: ENTITY_OPERATOR.labels },
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          to: Pods.all('kafka'), ports: [KAFKA_CONTROL_PLANE, KAFKA_REPLICATION, KAFKA_CLIENTS],
          reason: 'The Kafka ports: open on every pod of kafka, to every kafka pod and strimzi-system; now on the broker pods only, from '
            + 'each other (9090, 9091), the entity operator (9091), the Strimzi operator and the Flink jobs',
        },
      ],
    });
  }
}
