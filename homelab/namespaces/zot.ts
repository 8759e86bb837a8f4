import { Construct } from 'constructs';
import { INGRESS_NGINX } from '../cluster';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

/** zot's one HTTP port: the OCI distribution API, the UI and /metrics (container port `zot`). */
export const ZOT_HTTP = Port.tcp(5000);
/** The zot pod (the chart's app.kubernetes.io/name), which the in-cluster clients reach by its Service. */
export const ZOT = Pods.select('zot', 'zot', { 'app.kubernetes.io/name': 'zot' });

/**
 * zot: the homelab's OCI registry at registry.k8s.n37.ca, a pull-through cache of Docker Hub, GHCR, quay.io
 * and registry.k8s.io and the push target of the lifeonabike build (chart zot 0.1.106 from
 * zotregistry.dev/helm-charts, imcbeth/homelab manifests/applications/zot.yaml and manifests/base/zot/values.yaml;
 * templates project-zot/helm-charts charts/zot/templates/statefulset.yaml, service.yaml, servicemonitor.yaml
 * and _helpers.tpl, read on main, not at the 0.1.106 tag). One StatefulSet pod (persistence: true), labels
 * app.kubernetes.io/name and instance zot, listening on 5000 for everything: the registry API, the UI
 * (extensions.ui) and /metrics (extensions.metrics).
 *
 * Who connects, and from where:
 * - the nodes' container runtimes pull images through registry.k8s.n37.ca, the Ingress: the name resolves to
 *   ingress-nginx's MetalLB address, so the connection that reaches zot comes from an ingress-nginx pod, not
 *   from a node address (the homelab's docs: "Kubelet image pulls (node-level, not pod-level) still use the
 *   external hostname"). No node-subnet rule is needed, and none is written: it would open 5000 to the LAN;
 * - the lifeonabike build's kaniko step pushes in-cluster to zot.zot.svc.cluster.local:5000 over HTTP
 *   (homelab PR #670 and its Argo Workflows guide: pod-to-MetalLB HTTPS does not work in-cluster);
 * - Prometheus (the chart's ServiceMonitor, port `zot`, path /metrics) and Uptime Kuma's "Zot Registry" monitor.
 * zot is not in the Istio ambient mesh: its Application creates the namespace (CreateNamespace=true) without
 * managedNamespaceMetadata, so the namespace has no istio.io/dataplane-mode label, and the homelab's notes do
 * not list it; the hand-written policy's bare HBONE 15008 rules are therefore not carried over.
 * Not verified: that no other in-cluster client pulls or pushes by the Service name (only the homelab
 * repository was searched: Trivy scans registry.k8s.n37.ca images through the MetalLB address), and the
 * chart's templates at 0.1.106.
 */
export class Zot extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'zot', {
      // metrics.serviceMonitor.enabled: the ServiceMonitor scrapes the Service port `zot`, which targets 5000.
      prometheusScrapePorts: [ZOT_HTTP],
      ingressFrom: [
        // The Ingress registry.k8s.n37.ca (class nginx): docker clients on the LAN and every node's container
        // runtime pulling images, all through the controller.
        // (lifeonabike-build's kaniko push and Uptime Kuma's "Zot Registry" monitor are flows their own
        // namespaces declare.)
        { from: INGRESS_NGINX, ports: [ZOT_HTTP] },
      ],
      // extensions.sync fetches on demand from registry-1.docker.io, ghcr.io, quay.io and registry.k8s.io over
      // HTTPS, and extensions.search.cve downloads the Trivy vulnerability database (from ghcr.io) every 2h.
      // No Kubernetes API: authentication is htpasswd from a mounted Secret, and zot reads no Kubernetes objects
      // (the hand-written policy's API rule, "for ServiceAccount token validation", has no user in this config).
      externalHttps: true,
    });
  }
}
