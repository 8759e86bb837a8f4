import { Construct } from 'constructs';
import { Pods, Port, ProtectedNamespace } from '../../constructs';
import { JOB_MANAGERS, JOB_MANAGER_REST } from './flink-demo';

// The operator pod (chart templates/_helpers.tpl: selectorLabels is app.kubernetes.io/name=<chart name>;
// the homelab's operatorPod.labels repeats the same label for Gatekeeper).
const OPERATOR = Pods.select('flink-operator', 'flink-operator', { 'app.kubernetes.io/name': 'flink-kubernetes-operator' });

/**
 * flink-operator: the Apache Flink Kubernetes operator (chart flink-kubernetes-operator 1.15.0 from
 * archive.apache.org, image 1.16.1, imcbeth/homelab manifests/applications/flink-operator.yaml and
 * manifests/base/flink-operator/values.yaml, watchNamespaces: [] so every namespace). One pod, two
 * containers (templates/flink-operator.yaml, read from the stored template near 1.15.0, not at the tag):
 * the operator, which reconciles FlinkDeployments through the API and drives each job through its
 * JobManager's REST API, and the webhook, which validates FlinkDeployments and FlinkSessionJobs
 * (ValidatingWebhookConfiguration flink-operator-flink-operator-webhook-configuration, failurePolicy
 * Fail; the homelab's ignoreDifferences names it, so it is deployed) on WEBHOOK_SERVER_PORT 9443 behind
 * the Service flink-operator-webhook-service (443 -> 9443). The chart's metrics.port is unset, so
 * the operator reports metrics to its log (slf4j reporter) and serves none: Prometheus gets no rule.
 *
 * flink-operator and flink-demo are in the Istio ambient mesh (homelab PR #634): the operator's calls to
 * the JobManagers leave as HBONE on 15008, which ProtectedNamespace adds (ISTIO_AMBIENT in cluster.ts),
 * and the kubelet's probes arrive from 169.254.7.127. The API server is not in the mesh, so its webhook calls arrive on 9443 as before.
 */
export class FlinkOperator extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'flink-operator', {
      // The API server validates every FlinkDeployment and FlinkSessionJob here, and a failed call blocks
      // them (failurePolicy Fail); see ApiServerWebhook for why the source is not narrowed.
      apiServerWebhook: { ports: [Port.tcp(9443)], appliesToPods: OPERATOR.labels },
      // The operator container's liveness and startup probes (httpGet on health-port 8085), sent from
      // istio-cni's probe address; the webhook container has no probe.
      ambientHealthProbes: { ports: [Port.tcp(8085)], appliesToPods: OPERATOR.labels },
      // Both containers watch the API: the operator its resources, Deployments and Services; the webhook
      // looks up FlinkDeployments to validate session jobs.
      clusterApi: true,
      // The operator observes and upgrades each job through <name>-rest:8081 (job status, savepoints,
      // cancel), plus HBONE 15008 (added) while both namespaces are in the mesh. Only flink-demo runs
      // FlinkDeployments today; a new namespace needs its own entry.
      egressTo: [{ from: OPERATOR, to: JOB_MANAGERS, ports: [JOB_MANAGER_REST] }],
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('flink-operator'), to: Pods.all('flink-demo'),
          reason: 'To flink-demo: every pod could reach every pod there on 8081; now the operator pod reaches the JobManagers\' REST API',
        },
      ],
    });
  }
}
