import { ALERTMANAGER, GRAFANA, UPTIME_KUMA } from '../cluster';
import { Port, ProtectedNamespaceProps } from '../../constructs';
import { ALLOY, TEMPO_OTLP_GRPC } from './tempo';

const HTTP = Port.tcp(3100);
const GRPC = Port.tcp(9095);
const MEMBERLIST = Port.tcp(7946);

/**
 * Log aggregation; Promtail runs in the same namespace and pushes to Loki on 3100. Alloy, also here,
 * forwards traces to Tempo (see tempo.ts).
 *
 * loki is in the Istio ambient mesh, as is default: ProtectedNamespace adds HBONE 15008 to the rules
 * from Prometheus and Grafana, to Alertmanager and within the namespace, and admits the kubelet's probes
 * from 169.254.7.127 on every TCP port (the probe ports were not read from the charts). falco and tempo
 * are not enrolled, so their rules stay on the application ports.
 */
export const loki: ProtectedNamespaceProps = {
  // Tightened: the seed admitted every pod in `default` on 3100; now only the Prometheus pods
  // (here) and the Grafana pods (below).
  prometheusScrapePorts: [HTTP],
  ingressFrom: [
    { peerName: 'grafana', ...GRAFANA, ports: [HTTP] },
    // Falco's falcosidekick pushes security events to the Loki Service (config.loki.hostport
    // http://loki.loki:3100, manifests/base/falco/values.yaml), which selects the single-binary pods.
    {
      peerName: 'falcosidekick',
      namespace: 'falco',
      podLabels: { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'core' },
      ports: [HTTP],
      appliesToPods: { 'app.kubernetes.io/component': 'single-binary' },
    },
    // Uptime Kuma's "Loki" monitor probes http://loki.loki:3100/ready (imcbeth/homelab
    // manifests/base/uptime-kuma/monitor-baseline-configmap.yaml), the same Service; not in the mesh.
    { peerName: 'uptime-kuma', ...UPTIME_KUMA, ports: [HTTP], appliesToPods: { 'app.kubernetes.io/component': 'single-binary' } },
  ],
  // Tightened: log-based alerts go to the Alertmanager pods only, not to every pod in `default`.
  egressTo: [
    { peerName: 'alertmanager', ...ALERTMANAGER, ports: [Port.tcp(9093)] },
    // Alloy (the log collector that replaced Promtail, also the cluster's OTLP collector) forwards
    // the traces it receives to Tempo over OTLP gRPC (imcbeth/homelab manifests/base/alloy/values.yaml);
    // only the Alloy pods send there. tempo's allow-alloy-ingress is the other half.
    { peerName: 'tempo', namespace: 'tempo', podLabels: { 'app.kubernetes.io/name': 'tempo' }, ports: [TEMPO_OTLP_GRPC], appliesToPods: ALLOY.podLabels },
  ],
  // The seed had ingress from loki on 3100 (Promtail) and egress to loki on 3100, 9095 and 7946.
  // Deliberate fix: under default-deny the receiving pod needs ingress too, so without ingress
  // on 9095 (gRPC) and 7946 (memberlist) the seed's own egress rule for them was dead and the
  // Loki ring could not form. One policy now allows all three ports in both directions.
  withinNamespacePorts: [HTTP, GRPC, MEMBERLIST],
};
