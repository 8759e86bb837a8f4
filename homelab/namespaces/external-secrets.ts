import { Construct } from 'constructs';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

// Pod labels from the chart's _helpers.tpl (external-secrets-webhook.selectorLabels, release external-secrets).
const WEBHOOK = { 'app.kubernetes.io/name': 'external-secrets-webhook' };

/**
 * External Secrets Operator (chart external-secrets 0.10.7, imcbeth/homelab
 * manifests/applications/eso.yaml and manifests/base/external-secrets/values.yaml): the controller,
 * its validating and conversion webhook and the cert-controller that keeps the webhook's certificate.
 *
 * Its only store is the ClusterSecretStore `kubernetes-secrets` (manifests/base/external-secrets/
 * cluster-store.yaml): the Kubernetes provider with no server URL, so the controller reads the
 * Secrets of `secrets-source` through the in-cluster API server and calls nothing outside. The
 * homelab also has a cluster-secret-store.yaml whose text could not be read, and the kustomization
 * read lists only cluster-store.yaml; a store with an external provider (Vault, a cloud manager)
 * would need its own egress rule.
 */
export class ExternalSecrets extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'external-secrets', {
      // serviceMonitor.enabled: the chart's three ServiceMonitors scrape the port named metrics of the
      // controller, the webhook and the cert-controller, each on the chart default 8080.
      prometheusScrapePorts: [Port.tcp(8080)],
      // webhook.port 10250 (the homelab's values): the API server validates ExternalSecrets and
      // SecretStores and converts the CRD versions here; see ApiServerWebhook for why any source.
      apiServerWebhook: { ports: [Port.tcp(10250)], appliesToPods: WEBHOOK },
      // All three use the API: the controller watches ExternalSecrets and reads and writes Secrets (its
      // one store is the API itself), the cert-controller patches the webhook configurations and CRDs
      // with the caBundle, and the webhook runs a controller-runtime manager with its own API client
      // and RBAC (webhook-rbac.yaml).
      clusterApi: true,
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          to: Pods.all('external-secrets'),
          reason: 'external-secrets had no hand-written policy, so every source reached every port of it; now default deny with the '
            + 'webhook (10250) for the API server and the metrics (8080) for Prometheus',
        },
        {
          from: Pods.all('external-secrets'),
          reason: 'external-secrets had no hand-written policy, so its pods reached everything; now DNS and the API only (its one '
            + 'secret store is the Kubernetes provider)',
        },
      ],
    });
  }
}
