import { GRAFANA, UPTIME_KUMA } from '../cluster';
import { EgressToNamespaceProps, Port, ProtectedNamespaceProps } from '../../constructs';
import { apiServerFallback } from './api-server-fallback';

// Pod labels from kubernetes/ingress-nginx charts/ingress-nginx/templates/controller-deployment.yaml (the
// selector labels with the release "ingress-nginx"); the inventory has the same.
const CONTROLLER = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/instance': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
};
const HTTP = Port.tcp(80);
const HTTPS = Port.tcp(443);

/**
 * The backends of the Ingresses in protected namespaces: one entry per namespace whose own file admits
 * ingress-nginx (`ingressFrom` with namespace ingress-nginx), on exactly the ports and pods it admits.
 * Written out, not derived, so this file reads as the list of what the controller proxies to; a test
 * (__tests__/namespaces/ingress-nginx.test.ts) fails when it and the namespaces' own rules disagree.
 */
export const PROTECTED_BACKENDS: readonly EgressToNamespaceProps[] = [
  // localstack.localstack.k8s.n37.ca: the LocalStack API and UI.
  { peerName: 'localstack', namespace: 'localstack', ports: [Port.tcp(4566)] },
  // oauth.k8s.n37.ca and the auth-url subrequests (http://oauth2-proxy.oauth2-proxy.svc.cluster.local:4180).
  { peerName: 'oauth2-proxy', namespace: 'oauth2-proxy', ports: [Port.tcp(4180)] },
  // lifeonabike.ca: the Ingress web.
  { peerName: 'lifeonabike', namespace: 'lifeonabike', podLabels: { app: 'lifeonabike-web' }, ports: [Port.tcp(8080)] },
  // falco.k8s.n37.ca: the falcosidekick UI.
  { peerName: 'falco', namespace: 'falco', podLabels: { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'ui' }, ports: [Port.tcp(2802)] },
  // build-webhook.k8s.n37.ca: GitHub's push webhook to the EventSource.
  { peerName: 'argo-events', namespace: 'argo-events', podLabels: { controller: 'eventsource-controller' }, ports: [Port.tcp(12000)] },
  // workflows.k8s.n37.ca: argo-server.
  { peerName: 'argo-workflows', namespace: 'argo-workflows', podLabels: { 'app.kubernetes.io/name': 'argo-workflows-server' }, ports: [Port.tcp(2746)] },
  // flink.k8s.n37.ca: the kafka-to-s3 JobManager's UI.
  { peerName: 'flink-demo', namespace: 'flink-demo', podLabels: { app: 'kafka-to-s3', component: 'jobmanager' }, ports: [Port.tcp(8081)] },
  // argocd.k8s.n37.ca: argocd-server (backend-protocol HTTPS to the container port 8080).
  { peerName: 'argocd', namespace: 'argocd', podLabels: { 'app.kubernetes.io/name': 'argocd-server' }, ports: [Port.tcp(8080)] },
  // status.k8s.n37.ca: Uptime Kuma's UI.
  { peerName: 'uptime-kuma', namespace: UPTIME_KUMA.namespace, podLabels: UPTIME_KUMA.podLabels, ports: [Port.tcp(3001)] },
  // registry.k8s.n37.ca: zot (LAN clients and the nodes' image pulls).
  { peerName: 'zot', namespace: 'zot', ports: [Port.tcp(5000)] },
];

/**
 * The other backends, from the homelab's values: Grafana (kube-prometheus-stack grafana.ingress,
 * grafana.k8s.n37.ca, container port 3000; default admits the controller pods by label, so it is not
 * in the namespace-wide check of PROTECTED_BACKENDS) and Pi-hole (exempt; pihole.k8s.n37.ca, the web
 * server on 80, backend-protocol HTTP; its pod labels are not verified, so the rule names the namespace).
 */
export const EXEMPT_BACKENDS: readonly EgressToNamespaceProps[] = [
  { peerName: 'grafana', namespace: GRAFANA.namespace, podLabels: GRAFANA.podLabels, ports: [Port.tcp(3000)] },
  { peerName: 'pihole', namespace: 'pihole', ports: [HTTP] },
];

/**
 * ingress-nginx: the cluster's ingress controller (kubernetes/ingress-nginx chart, controller v1.14.3 per
 * imcbeth/homelab manifests/base/ingress-nginx/values.yaml; how the chart is installed, and so its version and
 * release name, is not in the repository: release "ingress-nginx" is assumed). It takes HTTP and HTTPS from LAN
 * clients through its MetalLB address with `externalTrafficPolicy: Local`, so the clients' own addresses
 * arrive, and proxies each Ingress to its backend pods. The API server calls its admission webhook
 * (admissionWebhooks.port 8443, enabled by default); Prometheus scrapes 10254 (controller.metrics.enabled
 * with a ServiceMonitor). The controller watches Ingresses, Services, EndpointSlices, Secrets and its Lease
 * through the API; the chart's admission-create and admission-patch hook Jobs write the webhook's
 * certificate through it too.
 * Not verified: the chart version and the pod labels at it; the Ingresses in namespaces outside the homelab
 * repository's manifests (one created by hand would need its backend here); the zot and Pi-hole pod labels.
 */
export const ingressNginx: ProtectedNamespaceProps = {
  // controller.metrics.port, 10254, on the controller pods only.
  prometheusScrapePorts: [Port.tcp(10254)],
  prometheusScrapePods: CONTROLLER,
  // admissionWebhooks.port: the API server validates every Ingress here; any source, see ApiServerWebhook.
  apiServerWebhook: { ports: [Port.tcp(8443)], appliesToPods: CONTROLLER },
  // The reason ingress-nginx exists: HTTP and HTTPS from LAN clients (and anything behind the router), which
  // keep their own addresses (externalTrafficPolicy Local), and from the cluster's pods (Argo Workflows' build
  // pushes to registry.k8s.n37.ca). No selector names them all, so the ports are open to every source.
  ingressFromAnySource: [{ peerName: 'http-clients', ports: [HTTP, HTTPS], appliesToPods: CONTROLLER }],
  egressTo: [
    ...[...PROTECTED_BACKENDS, ...EXEMPT_BACKENDS].map((backend) => ({ ...backend, appliesToPods: CONTROLLER })),
    // Hairpin: an auth-url or a backend given by its public hostname resolves to the controller's own MetalLB
    // address, which kube-proxy rewrites to a controller pod on 80 or 443.
    { peerName: 'ingress-nginx-hairpin', namespace: 'ingress-nginx', podLabels: CONTROLLER, ports: [HTTP, HTTPS], appliesToPods: CONTROLLER },
  ],
  // The controller's watches and leader election, and the admission hook Jobs' certificate Secret and patch of
  // the webhook configuration: every pod.
  clusterApi: true,
  // Without the API the controller cannot start, and every web UI of the homelab goes through it.
  egressToIpBlocks: apiServerFallback(),
};
