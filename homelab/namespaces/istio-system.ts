import { Construct } from 'constructs';
import { PROMETHEUS } from '../cluster';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

// Pod labels as the 1.30.3 charts render them (see inventory/workloads.yaml, "istio-system").
/** istiod: xDS and the mesh CA on 15012, the injection and validation webhooks on 15017, metrics on 15014. */
export const ISTIOD = Pods.select('istio-system', 'istiod', { app: 'istiod' });
/** The ztunnel DaemonSet: the node proxies of the ambient data plane. */
export const ZTUNNEL = Pods.select('istio-system', 'ztunnel', { app: 'ztunnel' });

/** istiod's TLS xDS port, where ztunnel's XDS_ADDRESS and CA_ADDRESS (istiod.istio-system.svc:15012) point. */
const XDS = Port.tcp(15012);

/**
 * The Istio 1.30 ambient control and data plane (charts istiod and ztunnel 1.30.3, cni 1.29.1 in the newest
 * stored Application; imcbeth/homelab manifests/applications/istiod.yaml and istio-cni.yaml, values in
 * manifests/base/istio/): istiod, the ztunnel on every node, and istio-cni-node on every node. None of
 * them is enrolled in the mesh (every pod is labelled istio.io/dataplane-mode: none), so nothing here
 * needs HBONE.
 *
 * ztunnel's own pod is not where the mesh's traffic flows. In ambient's in-pod redirection (INPOD_ENABLED
 * in the 1.30.3 DaemonSet; istio.io, "Ztunnel traffic redirection"), istio-cni tells ztunnel each enrolled
 * pod's network namespace and ztunnel opens its listeners (15001, 15006, 15008) inside that namespace: a
 * meshed connection leaves the sender's pod IP for the receiver's pod IP on 15008, and the receiver's
 * ztunnel hands it to the application inside the receiver's own namespace. So HBONE is admitted at the
 * workloads (every enrolled namespace's rules carry 15008, ProtectedNamespace's meshPorts), and ztunnel's
 * own pod IP carries only its xDS and certificate connection to istiod, its metrics and the kubelet's
 * readiness probe (15021, from its own node, which NetworkPolicy always admits).
 *
 * At least as tight as the owner's hand-written policy (imcbeth/homelab manifests/base/network-policies/
 * istio-system/network-policy.yaml, one policy over every pod), and tighter where in-pod redirection makes
 * it loose: the owner's bare 15008 in both directions, its 15012 from every namespace (for waypoints and
 * sidecars, of which the homelab runs none) and its egress to every pod on every TCP port ("ztunnel
 * delivers decrypted traffic") are not needed by these pods; 15010 (plaintext xDS), 8080 (debug) and
 * istio-cni's 15014 have no client in the cluster. Kept: the webhooks on 15017 from any source (the API
 * server), Prometheus on istiod's 15014 (its ServiceMonitor) and ztunnel's 15020 (the PodMonitor), now
 * from the Prometheus pods only and each on its own pods, ztunnel to istiod on 15012, and the API server
 * for istiod (it watches everything the mesh is configured from and validates ztunnel's tokens) and
 * istio-cni-node (it watches pods and namespaces to enrol them), at the endpoint of cluster.ts (the owner
 * admits 6443 on the whole node range). ztunnel gets the API too: the three share no label that
 * would leave it out, and its service account grants it next to nothing.
 *
 * Not verified: that istio-cni-node runs on the pod network (cni charts 1.29 and 1.30 put it on the host
 * network only with ambient.shareHostNetworkNamespace; 1.24, in an older Application, always did in
 * ambient mode; on the host network these policies do not apply to it); that no waypoint, gateway or
 * sidecar exists (each would need 15012 to istiod: `kubectl get gateways.gateway.networking.k8s.io -A`,
 * `kubectl get pods -A -l istio.io/gateway-name`); that istiod needs no JWKS or other egress (no
 * RequestAuthentication is in the homelab's manifests).
 */
export class IstioSystem extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'istio-system', {
      // istio-sidecar-injector and istio-validator-istio-system call https-webhooks through the istiod Service's 443.
      apiServerWebhook: { ports: [Port.tcp(15017)], appliesToPods: ISTIOD.labels },
      ingressFrom: [
        { from: PROMETHEUS, to: ISTIOD, ports: [Port.tcp(15014)] },
        { from: PROMETHEUS, to: ZTUNNEL, ports: [Port.tcp(15020)] },
      ],
      egressTo: [
        // Each ztunnel's xDS stream and certificate requests (CA_ADDRESS and XDS_ADDRESS).
        { from: ZTUNNEL, to: ISTIOD, ports: [XDS] },
      ],
      clusterApi: true,
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          to: Pods.all('istio-system'), ports: [Port.tcp(15010), XDS, Port.tcp(15014), Port.tcp(15017), Port.tcp(15020)],
          reason: 'istiod\'s and ztunnel\'s ports were open to every pod of istio-system, and 15012 to every namespace; now ztunnel '
            + 'alone reaches istiod on 15012 (xDS and the CA: no waypoint or sidecar uses it), the API server the webhooks on 15017 '
            + '(istiod only), Prometheus 15014 and 15020; plaintext xDS on 15010 is not used',
        },
        {
          from: Pods.all('istio-system'),
          reason: 'Egress of istio-system: every pod could reach every pod of the cluster on every port (the owner\'s rule for '
            + 'ztunnel delivering to backends); with in-pod redirection ztunnel delivers inside each enrolled pod\'s network '
            + 'namespace, so its own pod needs no such egress; now DNS, the API, and ztunnel to istiod',
        },
      ],
    });
  }
}
