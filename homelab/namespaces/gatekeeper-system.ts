import { Construct } from 'constructs';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

// The webhook pods (gatekeeper-controller-manager), by the label the chart sets on them alone.
const WEBHOOK = Pods.select('gatekeeper-system', 'gatekeeper-webhook', { 'control-plane': 'controller-manager' });

/**
 * OPA Gatekeeper (chart gatekeeper 3.21.1, imcbeth/homelab manifests/applications/gatekeeper.yaml and
 * manifests/base/gatekeeper/values.yaml): the controller-manager (two replicas) serves the validating and
 * mutating admission webhooks, the audit controller checks existing resources against the constraints.
 * Templates: open-policy-agent/gatekeeper charts/gatekeeper/templates/ (see the inventory for which).
 * No external data providers are configured, so neither calls anything outside the cluster.
 *
 * The homelab's PodMonitor (manifests/base/gatekeeper/podmonitor.yaml) selects
 * `app.kubernetes.io/name: gatekeeper`, a label the chart does not set on the pods (they carry
 * `app: gatekeeper`), so as written it scrapes nothing; the scrape rule below is what the PodMonitor
 * means and is ready for the selector fix.
 */
export class GatekeeperSystem extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'gatekeeper-system', {
      // metricsBackends: prometheus; both Deployments serve the port named metrics (chart default 8888),
      // which the PodMonitor's podMetricsEndpoints name.
      prometheusScrapePorts: [Port.tcp(8888)],
      // controllerManager.port (chart default 8443): every create and update in the non-exempt namespaces
      // goes through this webhook, and its failurePolicy decides whether a missed call blocks it; see
      // ApiServerWebhook for why any source.
      apiServerWebhook: { ports: [Port.tcp(8443)], appliesToPods: WEBHOOK.labels },
      // The post-install hook Job's init container polls the webhook through its Service before kubectl
      // labels the namespace; the Job's pod has no label of its own (its labels are a subset of the
      // controller-manager's), so every pod of the namespace may make this call.
      // (Its ingress side is also written, and is already open to every source for the API server.)
      egressTo: [{ to: WEBHOOK, ports: [Port.tcp(8443)] }],
      // The controller-manager watches templates, constraints and synced resources and rotates its
      // certificate; the audit lists every resource (auditFromCache false) and writes status; the hook
      // Job patches the namespace label.
      clusterApi: true,
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('gatekeeper-system'), to: Pods.all('gatekeeper-system'),
          reason: 'Inside gatekeeper-system: every pod could reach every other on 8443, 8888 and 9090; now every pod reaches the '
            + 'controller-manager\'s webhook on 8443 only (the hook Job\'s probe); the metrics are Prometheus\'s',
        },
        {
          to: Pods.all('gatekeeper-system'), ports: [Port.tcp(8443)],
          reason: 'The webhook port 8443: open on every pod; now on the controller-manager, where the webhook listens',
        },
      ],
    });
  }
}
