import { ALERTMANAGER, UPTIME_KUMA } from '../cluster';
import { Port, ProtectedNamespaceProps } from '../../constructs';

// Pod labels from the falco chart (falco.selectorLabels) and its falcosidekick subchart
// (falcosidekick.selectorLabels plus app.kubernetes.io/component), release falco.
const FALCO = { 'app.kubernetes.io/name': 'falco' };
const SIDEKICK = { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'core' };
const UI = { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'ui' };
const REDIS = { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'ui-redis' };
// The pods behind the `loki` Service in the loki namespace (chart 6.x, SingleBinary).
const LOKI = { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/component': 'single-binary' };

const SIDEKICK_HTTP = Port.tcp(2801);
const UI_HTTP = Port.tcp(2802);
const REDIS_PORT = Port.tcp(6379);

/**
 * Falco runtime security (chart falco 8.0.0 with falcosidekick, imcbeth/homelab
 * manifests/applications/falco.yaml and manifests/base/falco/): the falco DaemonSet watches syscalls
 * with the modern eBPF driver (pod network, not hostNetwork) and posts every event to falcosidekick,
 * which forwards it to Alertmanager, Loki and its web UI; the UI keeps events in its Redis.
 * Templates: falcosecurity/charts charts/falco/templates/ and charts/falcosidekick/templates/ (see
 * the inventory); the subchart's own network-policy templates name the same in-namespace flows.
 *
 * Not granted: the Kubernetes API. Falco reads pod metadata from the API only through the k8smeta
 * plugin and k8s-metacollector (collectors.kubernetes.enabled, off by default and not set in the
 * homelab), and the container metadata comes from the node's container runtime socket.
 */
export const falco: ProtectedNamespaceProps = {
  // Falco's metrics on its web server (8765, metrics.enabled with the chart's ServiceMonitor) and
  // falcosidekick's /metrics on its http port 2801 (serviceMonitor.enabled). One policy for both
  // ports on every pod: the UI and Redis listen on neither.
  prometheusScrapePorts: [Port.tcp(8765), SIDEKICK_HTTP],
  ingressFrom: [
    // falco.k8s.n37.ca: the controller forwards to falco-falcosidekick-ui:2802.
    { peerName: 'ingress-nginx', namespace: 'ingress-nginx', ports: [UI_HTTP], appliesToPods: UI },
    // Uptime Kuma's "Falco UI" monitor probes http://falco-falcosidekick-ui.falco:2802
    // (imcbeth/homelab manifests/base/uptime-kuma/monitor-baseline-configmap.yaml).
    { peerName: 'uptime-kuma', ...UPTIME_KUMA, ports: [UI_HTTP], appliesToPods: UI },
    // http_output: every falco pod posts its events to http://falco-falcosidekick:2801.
    { peerName: 'falco', namespace: 'falco', podLabels: FALCO, ports: [SIDEKICK_HTTP], appliesToPods: SIDEKICK },
    // webui.enabled: falcosidekick posts each event to the UI's API.
    { peerName: 'falcosidekick', namespace: 'falco', podLabels: SIDEKICK, ports: [UI_HTTP], appliesToPods: UI },
    // The UI (and its wait-redis init container) use the Redis.
    { peerName: 'falcosidekick-ui', namespace: 'falco', podLabels: UI, ports: [REDIS_PORT], appliesToPods: REDIS },
  ],
  egressTo: [
    // The other ends of the three in-namespace flows above.
    { peerName: 'falcosidekick', namespace: 'falco', podLabels: SIDEKICK, ports: [SIDEKICK_HTTP], appliesToPods: FALCO },
    { peerName: 'falcosidekick-ui', namespace: 'falco', podLabels: UI, ports: [UI_HTTP], appliesToPods: SIDEKICK },
    { peerName: 'falcosidekick-ui-redis', namespace: 'falco', podLabels: REDIS, ports: [REDIS_PORT], appliesToPods: UI },
    // config.alertmanager.hostport http://alertmanager-operated.default:9093 (events of priority warning and up).
    { peerName: 'alertmanager', ...ALERTMANAGER, ports: [Port.tcp(9093)], appliesToPods: SIDEKICK },
    // config.loki.hostport http://loki.loki:3100 (push API); loki admits falcosidekick on its side.
    { peerName: 'loki', namespace: 'loki', podLabels: LOKI, ports: [Port.tcp(3100)], appliesToPods: SIDEKICK },
  ],
  // falcoctl (the install init container and the follow sidecar in the falco pod) reads the
  // falcoctl index and pulls the falco-rules:3 artifact from ghcr.io over HTTPS.
  externalHttps: { appliesToPods: FALCO },
};
