import { Construct } from 'constructs';
import { ALERTMANAGER, INGRESS_NGINX } from '../cluster';
import { IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';
import { LOKI_HTTP, LOKI_SERVER } from './loki';

// Pod labels from the falco chart (falco.selectorLabels) and its falcosidekick subchart
// (falcosidekick.selectorLabels plus app.kubernetes.io/component), release falco.
const FALCO = Pods.select('falco', 'falco', { 'app.kubernetes.io/name': 'falco' });
const SIDEKICK = Pods.select('falco', 'falcosidekick', { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'core' });
/** The falcosidekick UI (falco.k8s.n37.ca), which Uptime Kuma's "Falco UI" monitor checks. */
export const FALCOSIDEKICK_UI = Pods.select('falco', 'falcosidekick-ui', { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'ui' });
const UI = FALCOSIDEKICK_UI;
const REDIS = Pods.select('falco', 'falcosidekick-ui-redis', { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'ui-redis' });

const SIDEKICK_HTTP = Port.tcp(2801);
/** The UI's HTTP port. */
export const UI_HTTP = Port.tcp(2802);
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
export class Falco extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'falco', {
      // Falco's metrics on its web server (8765, metrics.enabled with the chart's ServiceMonitor) and
      // falcosidekick's /metrics on its http port 2801 (serviceMonitor.enabled). One policy for both
      // ports on every pod: the UI and Redis listen on neither.
      prometheusScrapePorts: [Port.tcp(8765), SIDEKICK_HTTP],
      ingressFrom: [
        // falco.k8s.n37.ca: the controller forwards to falco-falcosidekick-ui:2802. (Uptime Kuma's "Falco UI"
        // monitor is a flow uptime-kuma declares.)
        { from: INGRESS_NGINX, to: UI, ports: [UI_HTTP] },
      ],
      egressTo: [
        // http_output: every falco pod posts its events to http://falco-falcosidekick:2801.
        { from: FALCO, to: SIDEKICK, ports: [SIDEKICK_HTTP] },
        // webui.enabled: falcosidekick posts each event to the UI's API.
        { from: SIDEKICK, to: UI, ports: [UI_HTTP] },
        // The UI (and its wait-redis init container) use the Redis.
        { from: UI, to: REDIS, ports: [REDIS_PORT] },
        // config.alertmanager.hostport http://alertmanager-operated.default:9093 (events of priority warning and up).
        { from: SIDEKICK, to: ALERTMANAGER, ports: [Port.tcp(9093)] },
        // config.loki.hostport http://loki.loki:3100 (push API), the Service's single-binary pods.
        { from: SIDEKICK, to: LOKI_SERVER, ports: [LOKI_HTTP] },
      ],
      // falcoctl (the install init container and the follow sidecar in the falco pod) reads the
      // falcoctl index and pulls the falco-rules:3 artifact from ghcr.io over HTTPS.
      externalHttps: { appliesToPods: FALCO.labels },
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('falco'), to: Pods.all('falco'),
          reason: 'Inside falco: every pod could reach every other on 2801, 2802 and 5060; now falco reaches falcosidekick on 2801, '
            + 'falcosidekick the UI on 2802 and the UI its Redis on 6379 (5060 has no listener in the chart)',
        },
        {
          from: Pods.all('falco'), to: Pods.all('loki'),
          reason: 'To Loki: every pod of falco could push to every loki pod on 3100; now falcosidekick reaches the single-binary pods behind '
            + 'the loki Service',
        },
        {
          from: Pods.all('falco'), to: IpBlock.ipv4('0.0.0.0/0'), ports: [Port.tcp(443)],
          reason: 'Internet HTTPS: every pod could reach it; only the falco pod\'s falcoctl pulls the rules from ghcr.io',
        },
      ],
    });
  }
}
