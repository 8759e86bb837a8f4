import { Construct } from 'constructs';
import { ALERTMANAGER, INGRESS_NGINX } from '../cluster';
import { Pods, Port, ProtectedNamespace } from '../../constructs';
import { LOCALSTACK, S3_API } from './localstack';
import { ZOT, ZOT_HTTP } from './zot';

// Chart labels (argo-workflows.selectorLabels, release argo-workflows).
const CONTROLLER = { 'app.kubernetes.io/name': 'argo-workflows-workflow-controller' };
/** argo-server, the UI and API (workflows.k8s.n37.ca). */
export const ARGO_SERVER = Pods.select('argo-workflows', 'argo-server', { 'app.kubernetes.io/name': 'argo-workflows-server' });
/** argo-server's port. */
export const ARGO_SERVER_HTTP = Port.tcp(2746);
// The podMetadata labels of the homelab's workflow templates, and the setup Job's pod labels.
const LIFEONABIKE_BUILD = Pods.select('argo-workflows', 'lifeonabike-build', { 'app.kubernetes.io/name': 'lifeonabike-build' });
const CLUSTER_HEALTHCHECK = Pods.select('argo-workflows', 'cluster-healthcheck', { 'app.kubernetes.io/name': 'cluster-healthcheck' });
const LOCALSTACK_SETUP = Pods.select('argo-workflows', 'localstack-setup', { 'app.kubernetes.io/name': 'argo-workflows', 'app.kubernetes.io/component': 'localstack-setup' });

/**
 * Argo Workflows (chart argo-workflows 0.47.1, imcbeth/homelab manifests/applications/argo-workflows.yaml
 * and manifests/base/argo-workflows/): the workflow controller and argo-server, and the step pods the
 * controller creates for the homelab's templates (lifeonabike-build, cluster-healthcheck,
 * velero-backup-validation, hello-world, artifact-test). Chart templates: argoproj/argo-helm
 * charts/argo-workflows/templates/ (see the inventory).
 *
 * Ingress is narrow: argo-server from ingress-nginx, the controller's metrics from Prometheus. Egress
 * is what the templates in the repository do: every pod reaches the API server (the emissary
 * executor's wait container writes WorkflowTaskResults; the kubectl steps) and the internet on 443
 * (archived logs and artifacts in Backblaze B2 for every step pod and argo-server, github.com for the
 * build), and three templates each reach one in-cluster peer. Step pods share no fixed label, so the
 * API and HTTPS rules select every pod. A new template that calls another in-cluster service needs its
 * rule here; until then Calico logs the drop (log-and-deny-protected-namespaces).
 *
 * argo-workflows is in the Istio ambient mesh, as are default and localstack: ProtectedNamespace adds
 * HBONE 15008 to the scrape and to the rules to Alertmanager and localstack (not to ingress-nginx, which
 * is not enrolled) and admits the kubelet's probes from 169.254.7.127 on every TCP port (step pods have
 * no fixed probe ports).
 */
export class ArgoWorkflows extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'argo-workflows', {
      // controller.metricsConfig.enabled serves metrics on 9090; the values create no ServiceMonitor, so
      // nothing scrapes it today, and this admits Prometheus once one exists.
      prometheusScrapePorts: [Port.tcp(9090)],
      prometheusScrapePods: CONTROLLER,
      // workflows.k8s.n37.ca (manifests/base/argo-workflows/ingress.yaml) to argo-server:2746.
      ingressFrom: [
        { from: INGRESS_NGINX, to: ARGO_SERVER, ports: [ARGO_SERVER_HTTP] },
      ],
      egressTo: [
        // cluster-healthcheck's evaluate step POSTs ClusterHealthDegraded to
        // kube-prometheus-stack-alertmanager.default:9093.
        { from: CLUSTER_HEALTHCHECK, to: ALERTMANAGER, ports: [Port.tcp(9093)] },
        // kaniko pushes to registry.k8s.n37.ca, zot's Ingress: the name resolves to ingress-nginx's
        // MetalLB address, which kube-proxy rewrites to an ingress-nginx pod on 443 before policy sees it.
        { from: LIFEONABIKE_BUILD, to: INGRESS_NGINX, ports: [Port.tcp(443)] },
        // Since homelab PR #670 kaniko pushes to zot.zot.svc.cluster.local:5000 over HTTP instead (pod-to-MetalLB
        // HTTPS does not work in-cluster; the homelab's Argo Workflows guide); the stored template still names
        // registry.k8s.n37.ca, so both paths are allowed. zot is not in the mesh.
        { from: LIFEONABIKE_BUILD, to: ZOT, ports: [ZOT_HTTP] },
        // The PreSync Job localstack-argo-workflows-setup creates the argo-workflows bucket at
        // localstack.localstack.svc:4566 (imcbeth/homelab manifests/base/argo-workflows/localstack-setup-job.yaml).
        { from: LOCALSTACK_SETUP, to: LOCALSTACK, ports: [S3_API] },
      ],
      clusterApi: true,
      externalHttps: true,
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('argo-workflows'), to: Pods.all('argo-workflows'), ports: [ARGO_SERVER_HTTP, Port.tcp(9090)],
          reason: 'Inside argo-workflows: every pod could reach argo-server (2746) and the controller\'s metrics (9090); neither is called '
            + 'from inside the namespace (argo-server and the controller talk through the API), so only ingress-nginx and Uptime Kuma reach '
            + 'argo-server and Prometheus the metrics',
        },
      ],
    });
  }
}
