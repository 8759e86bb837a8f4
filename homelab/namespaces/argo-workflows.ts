import { ALERTMANAGER, UPTIME_KUMA } from '../cluster';
import { Port, ProtectedNamespaceProps } from '../../constructs';

// Chart labels (argo-workflows.selectorLabels, release argo-workflows).
const CONTROLLER = { 'app.kubernetes.io/name': 'argo-workflows-workflow-controller' };
const SERVER = { 'app.kubernetes.io/name': 'argo-workflows-server' };
// The podMetadata labels of the homelab's workflow templates, and the setup Job's pod labels.
const LIFEONABIKE_BUILD = { 'app.kubernetes.io/name': 'lifeonabike-build' };
const CLUSTER_HEALTHCHECK = { 'app.kubernetes.io/name': 'cluster-healthcheck' };
const LOCALSTACK_SETUP = { 'app.kubernetes.io/name': 'argo-workflows', 'app.kubernetes.io/component': 'localstack-setup' };
// The ingress-nginx controller pods (kubernetes/ingress-nginx chart, release ingress-nginx).
const INGRESS_NGINX = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };

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
export const argoWorkflows: ProtectedNamespaceProps = {
  // controller.metricsConfig.enabled serves metrics on 9090; the values create no ServiceMonitor, so
  // nothing scrapes it today, and this admits Prometheus once one exists.
  prometheusScrapePorts: [Port.tcp(9090)],
  prometheusScrapePods: CONTROLLER,
  // workflows.k8s.n37.ca (manifests/base/argo-workflows/ingress.yaml) to argo-server:2746.
  ingressFrom: [
    { peerName: 'ingress-nginx', namespace: 'ingress-nginx', ports: [Port.tcp(2746)], appliesToPods: SERVER },
    // Uptime Kuma's "Argo Workflows" monitor probes http://argo-workflows-server.argo-workflows:2746
    // (imcbeth/homelab manifests/base/uptime-kuma/monitor-baseline-configmap.yaml). uptime-kuma is not in
    // the mesh, so the probe stays on 2746.
    { peerName: 'uptime-kuma', ...UPTIME_KUMA, ports: [Port.tcp(2746)], appliesToPods: SERVER },
  ],
  egressTo: [
    // cluster-healthcheck's evaluate step POSTs ClusterHealthDegraded to
    // kube-prometheus-stack-alertmanager.default:9093.
    { peerName: 'alertmanager', ...ALERTMANAGER, ports: [Port.tcp(9093)], appliesToPods: CLUSTER_HEALTHCHECK },
    // kaniko pushes to registry.k8s.n37.ca, zot's Ingress: the name resolves to ingress-nginx's
    // MetalLB address, which kube-proxy rewrites to an ingress-nginx pod on 443 before policy sees it.
    { peerName: 'registry', namespace: 'ingress-nginx', podLabels: INGRESS_NGINX, ports: [Port.tcp(443)], appliesToPods: LIFEONABIKE_BUILD },
    // Since homelab PR #670 kaniko pushes to zot.zot.svc.cluster.local:5000 over HTTP instead (pod-to-MetalLB
    // HTTPS does not work in-cluster; the homelab's Argo Workflows guide); the stored template still names
    // registry.k8s.n37.ca, so both paths are allowed. zot admits the build on its side; zot is not in the mesh.
    { peerName: 'zot', namespace: 'zot', podLabels: { 'app.kubernetes.io/name': 'zot' }, ports: [Port.tcp(5000)], appliesToPods: LIFEONABIKE_BUILD },
    // The PreSync Job creates the argo-workflows bucket at localstack.localstack.svc:4566; localstack
    // admits it on its side.
    { peerName: 'localstack', namespace: 'localstack', ports: [Port.tcp(4566)], appliesToPods: LOCALSTACK_SETUP },
  ],
  clusterApi: true,
  externalHttps: true,
};
