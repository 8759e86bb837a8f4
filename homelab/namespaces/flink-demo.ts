import { Construct } from 'constructs';
import { INGRESS_NGINX } from '../cluster';
import { Pods, Port, ProtectedNamespace } from '../../constructs';
import { KAFKA_BROKERS, KAFKA_CLIENTS } from './kafka';
import { LOCALSTACK, S3_API } from './localstack';

// Native-mode Flink pods (apache/flink flink-kubernetes Constants.java): component=jobmanager|taskmanager,
// app=<FlinkDeployment name>.
/** Every JobManager the Flink operator runs here (its REST API on 8081). */
export const JOB_MANAGERS = Pods.select('flink-demo', 'jobmanagers', { 'component': 'jobmanager', 'type': 'flink-native-kubernetes' });
// The JobManager behind the Ingress (backend kafka-to-s3-rest:8081).
const KAFKA_TO_S3_JOB_MANAGER = Pods.select('flink-demo', 'kafka-to-s3-jobmanager', { 'app': 'kafka-to-s3', 'component': 'jobmanager' });

/** The JobManagers' REST API. */
export const JOB_MANAGER_REST = Port.tcp(8081);
const REST = JOB_MANAGER_REST;
// flink-demo, kafka, flink-operator and localstack are in the Istio ambient mesh: between enrolled
// pods the wire carries HBONE to the receiver's pod IP on 15008, and ProtectedNamespace adds it to each
// rule to or from an enrolled peer (ISTIO_AMBIENT.enrolledNamespaces in cluster.ts).

/**
 * flink-demo: two PyFlink jobs run by the Flink operator in native Kubernetes mode (imcbeth/homelab
 * manifests/base/flink-demo/, Application manifests/applications/flink-demo.yaml): file-to-kafka, a
 * bounded job that publishes a CSV file to the Kafka topic flink-events, and kafka-to-s3, a streaming
 * job that consumes it and writes each record to LocalStack S3 (S3_ENDPOINT_URL
 * http://localstack.localstack.svc.cluster.local:4566, pipeline_kafka_to_s3.py's S3SinkFunction). Each
 * job is a JobManager Deployment and TaskManager pods; ports from Flink's Constants.java (rest 8081,
 * blobserver 6124, taskmanager-rpc 6122) and jobmanager.rpc.port's default 6123. The Ingress
 * flink.k8s.n37.ca sends the UI to kafka-to-s3-rest:8081 through ingress-nginx (oauth2-proxy in front);
 * the PreSync Job localstack-flink-setup creates the bucket over LocalStack's S3 API.
 *
 * Enrolled in the ambient mesh (homelab PR #634; the homelab's notes
 * .claude/notes/sessions/2026-05-31-bare-hbone-egress-kafka-flink-image.md record the setup Job failing
 * until HBONE was allowed). Not covered: TaskManager-to-TaskManager data exchange (taskmanager.data.port
 * is random by default; each job has one TaskManager, so none happens) and the JobManager's metric
 * queries to the TaskManagers (metrics.internal.query-service.port, random by default: the UI's
 * TaskManager metrics stay empty unless it is fixed). No metrics reporter is configured, so Prometheus
 * gets no rule.
 */
export class FlinkDemo extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'flink-demo', {
      // The JobManagers' and TaskManagers' probe ports were not read from the operator's code, so
      // ambientHealthProbes keeps its default for an enrolled namespace: every TCP port from istio-cni's
      // probe address.
      ingressFrom: [
        // (The operator drives each job through its JobManager's REST API: a flow flink-operator declares.)
        // The Flink UI of kafka-to-s3 (Ingress flink.k8s.n37.ca). ingress-nginx is not in the mesh, so the
        // connection stays plain TCP on 8081.
        { from: INGRESS_NGINX, to: KAFKA_TO_S3_JOB_MANAGER, ports: [REST] },
      ],
      // JobManager and TaskManagers of a job: the TaskManagers register with the JobManager's RPC 6123 and
      // fetch the job's artifacts from its blob server 6124; the JobManager deploys tasks on the
      // TaskManagers' RPC 6122.
      withinNamespacePorts: [Port.tcp(6122), Port.tcp(6123), Port.tcp(6124)],
      egressTo: [
        // Both jobs produce to or consume from the plain listener (kafka-cluster-kafka-bootstrap:9092); the
        // JobManager's Kafka source enumerator connects too, so every pod.
        { to: KAFKA_BROKERS, ports: [KAFKA_CLIENTS] },
        // kafka-to-s3's S3 sink and the PreSync Job that creates the bucket (a Job, not in the inventory,
        // labelled app.kubernetes.io/component=localstack-setup), so every pod of the namespace.
        { to: LOCALSTACK, ports: [S3_API] },
      ],
      // In native mode the JobManager creates and deletes its TaskManager pods and reads its ConfigMaps;
      // the TaskManagers do not call the API (no HA configured).
      clusterApi: { appliesToPods: JOB_MANAGERS.labels },
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('flink-demo'), to: Pods.all('flink-demo'), ports: [JOB_MANAGER_REST],
          reason: 'Inside flink-demo: every pod could reach every other on 8081; the TaskManagers talk to their JobManager on RPC and blob '
            + '6122-6124 (allow-within-namespace), and only the operator and ingress-nginx call the REST API',
        },
        {
          from: Pods.all('flink-demo'), to: Pods.all('kafka'),
          reason: 'To Kafka: every pod of flink-demo could reach every kafka pod on 9092; now the brokers only, on the plain listener',
        },
      ],
    });
  }
}
