import { Construct } from 'constructs';
import { Pods, Port, ProtectedNamespace } from '../../constructs';
import { KAFKA_AGENT, KAFKA_BROKERS, KAFKA_CLIENTS, KAFKA_CONTROL_PLANE, KAFKA_REPLICATION } from './kafka';

/** The Strimzi cluster operator (its chart's pod label). */
const CLUSTER_OPERATOR = Pods.select('strimzi-system', 'strimzi-operator', { 'strimzi.io/kind': 'cluster-operator' });

/**
 * strimzi-system: the Strimzi cluster operator alone (chart strimzi-kafka-operator 1.0.0, imcbeth/homelab
 * manifests/applications/strimzi-operator.yaml and manifests/base/strimzi-operator/values.yaml,
 * watchAnyNamespace: true). It turns the Kafka and KafkaNodePool resources of the kafka namespace into
 * pods, Services and Secrets through the Kubernetes API, and manages the running cluster directly: its
 * Admin client on the replication listener, the KRaft control plane during rolling updates and the
 * KafkaAgent for broker state. Strimzi has no admission or conversion webhook, so the API server
 * never calls in. The ports are the constants of Strimzi's KafkaCluster.java (CONTROLPLANE_PORT 9090,
 * REPLICATION_PORT 9091, KAFKA_AGENT_PORT 8443) and the peers those of the NetworkPolicy Strimzi
 * generates for the brokers (generateNetworkPolicy: the cluster operator is admitted on all three).
 * Pod labels and the http port 8080 are from the chart's templates/060-Deployment-strimzi-cluster-operator.yaml
 * (read from the main branch, not the 1.0.0 tag). The homelab's own notes (.claude/notes/sessions/
 * 2026-05-30-kafka-flink-infrastructure.md, PRs #630 and #631) add that describeMetadataQuorum first
 * connects to the bootstrap listener 9092. The chart has no webhook configuration, so the 9443 "Strimzi
 * admission webhook" rule of the homelab's hand-written policy is not carried over.
 *
 * The namespace is in the Istio ambient mesh (istio.io/dataplane-mode: ambient, homelab PR #634), and so
 * is kafka: the operator's connections to the Kafka pods leave as HBONE on 15008, which ProtectedNamespace
 * adds to the rules between enrolled namespaces (ISTIO_AMBIENT in cluster.ts), and the kubelet's probes
 * arrive from 169.254.7.127. The application ports stay listed so the rules hold if either namespace
 * leaves the mesh.
 */
export class StrimziSystem extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'strimzi-system', {
      // The operator serves /metrics on its http port 8080 (the chart's optional PodMonitor scrapes
      // port http). The homelab enables no PodMonitor yet; the port is open to the Prometheus pods only,
      // so enabling it needs no policy change (as for external-dns's 7979). Prometheus is in the ambient
      // mesh too, so its scrape also gets HBONE 15008.
      prometheusScrapePorts: [Port.tcp(8080)],
      // The liveness and readiness probes (httpGet on port http), sent from istio-cni's probe address.
      ambientHealthProbes: { ports: [Port.tcp(8080)] },
      // It watches Kafka, KafkaNodePool and KafkaTopic resources in every namespace and creates the
      // cluster's StrimziPodSets, Services, Secrets and ConfigMaps.
      clusterApi: true,
      // Control plane 9090 (KRaft quorum checks during rolling updates), replication 9091 (its Admin
      // client, over TLS with the cluster CA), bootstrap 9092 (describeMetadataQuorum starts there),
      // KafkaAgent 8443 (broker state while a pod restarts), and HBONE 15008 (added), which is what
      // the wire carries while both namespaces are in the ambient mesh.
      egressTo: [{
        from: CLUSTER_OPERATOR,
        to: KAFKA_BROKERS,
        ports: [KAFKA_CONTROL_PLANE, KAFKA_REPLICATION, KAFKA_CLIENTS, KAFKA_AGENT],
      }],
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('strimzi-system'), to: Pods.all('kafka'),
          reason: 'To Kafka: every pod of strimzi-system could reach every kafka pod; now the cluster operator reaches the brokers on '
            + 'their management ports',
        },
        {
          to: Pods.all('strimzi-system'), ports: [Port.tcp(9443)],
          reason: '9443: open on every pod of strimzi-system; the Strimzi operator serves no webhook (the chart has none), so nothing listens there',
        },
      ],
    });
  }
}
