import { Construct } from 'constructs';
import { INGRESS_NGINX } from '../cluster';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

const CONTROLLER = INGRESS_NGINX.labels;
const HTTP = Port.tcp(80);
const HTTPS = Port.tcp(443);

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
 * Not verified: the chart version and the pod labels at it (INGRESS_NGINX in cluster.ts); the Ingresses in namespaces
 * outside the homelab repository's manifests (one created by hand needs its flow in its namespace); the Pi-hole pod labels.
 */
export class IngressNginx extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'ingress-nginx', {
      // controller.metrics.port, 10254, on the controller pods only.
      prometheusScrapePorts: [Port.tcp(10254)],
      prometheusScrapePods: CONTROLLER,
      // admissionWebhooks.port: the API server validates every Ingress here; any source, see ApiServerWebhook.
      apiServerWebhook: { ports: [Port.tcp(8443)], appliesToPods: CONTROLLER },
      // The reason ingress-nginx exists: HTTP and HTTPS from LAN clients (and anything behind the router), which
      // keep their own addresses (externalTrafficPolicy Local), and from the cluster's pods (Argo Workflows' build
      // pushes to registry.k8s.n37.ca). No selector names them all, so the ports are open to every source.
      ingressFromAnySource: [{ peerName: 'http-clients', ports: [HTTP, HTTPS], appliesToPods: CONTROLLER }],
      // The controller's egress to each Ingress backend is written from the backends' own declarations
      // (`ingressFrom: [{ from: INGRESS_NGINX, ... }]` in each protected namespace: localstack, oauth2-proxy,
      // lifeonabike, falco, argo-events, argo-workflows, flink-demo, argocd, uptime-kuma, zot, and Grafana in
      // default), so the backend list is never written a second time. Only the exempt backend is declared here.
      egressTo: [
        // Pi-hole (exempt; pihole.k8s.n37.ca, the web server on 80, backend-protocol HTTP; its pod labels are
        // not verified, so the rule names the namespace).
        { from: INGRESS_NGINX, to: Pods.all('pihole'), ports: [HTTP] },
        // Hairpin: an auth-url or a backend given by its public hostname resolves to the controller's own MetalLB
        // address, which kube-proxy rewrites to a controller pod on 80 or 443.
        { from: INGRESS_NGINX, to: INGRESS_NGINX, ports: [HTTP, HTTPS] },
      ],
      // The controller's watches and leader election, and the admission hook Jobs' certificate Secret and patch of
      // the webhook configuration: every pod.
      clusterApi: true,
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('ingress-nginx'),
          reason: 'Backends: every pod of ingress-nginx (the admission Jobs too) could reach the Ingress backends; now the controller pods '
            + 'only, which are the ones that proxy',
        },
      ],
    });
  }
}
