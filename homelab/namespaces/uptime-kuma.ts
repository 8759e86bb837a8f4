import { Construct } from 'constructs';
import { GRAFANA, INGRESS_NGINX, PRIVATE_RANGES, PROMETHEUS, UNIFI_CONTROLLER_IP, UNIFI_PROTECT_NVR_IP, UPTIME_KUMA } from '../cluster';
import { IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';
import { ARGO_SERVER, ARGO_SERVER_HTTP } from './argo-workflows';
import { ARGOCD_SERVER, ARGOCD_SERVER_PORT } from './argocd';
import { FALCOSIDEKICK_UI, UI_HTTP } from './falco';
import { LIFEONABIKE_WEB, WEB_HTTP } from './lifeonabike';
import { LOCALSTACK_APP, S3_API } from './localstack';
import { LOKI_HTTP, LOKI_SERVER } from './loki';
import { TEMPO, TEMPO_HTTP } from './tempo';
import { ZOT, ZOT_HTTP } from './zot';

/** Uptime Kuma's UI, API and /metrics (the chart's container port `http`; Service port 3001 to it). */
export const UPTIME_KUMA_HTTP = Port.tcp(3001);
/** The monitor drift detector CronJob's pods (manifests/base/uptime-kuma/monitor-drift-detector.yaml). */
const DRIFT_DETECTOR = { 'app.kubernetes.io/name': 'uptime-kuma-monitor-drift' };
/** Every egress rule of the monitors is for the app pods only, not for the drift detector. */
const APP = UPTIME_KUMA.labels;

/**
 * uptime-kuma: Uptime Kuma, the homelab's status page (status.k8s.n37.ca), and the CronJob that checks
 * its monitors against git. Sources: imcbeth/homelab manifests/applications/uptime-kuma.yaml (chart
 * uptime-kuma from dirsigler/uptime-kuma-helm), manifests/base/uptime-kuma/values.yaml (useDeploy: true,
 * podLabels app.kubernetes.io/name: uptime-kuma, service.port 3001, the Ingress through ingress-nginx
 * behind oauth2-proxy), servicemonitor.yaml (Prometheus scrapes port `http` /metrics with a bearer
 * token), monitor-drift-detector.yaml (a CronJob whose kubectl execs into the app pod through the API
 * server) and monitor-baseline-configmap.yaml: the 14 monitors, as generated from the live database on
 * 2026-09-10. The egress below is exactly that baseline, one policy per target, each on the port the
 * pod serves after the Service: a monitor added in the UI needs its target added here (and on the
 * target's side when that namespace is protected), which the drift detector's PR is the moment to do.
 * The homelab's own hand-written policy allowed 80 and 443 to every address and a list of ports to every
 * namespace; this is narrower on purpose. Internet 80 and 443 stay open for HTTP monitors of public
 * sites, which the baseline has none of today but which are the tool's purpose.
 * Not verified: the chart's templates (the container port 3001 named `http` is from the chart's
 * defaults and the ServiceMonitor's port name), argocd-server's container port (8080 in upstream
 * Argo CD's install manifests and chart; how the homelab installs Argo CD was not found), and whether
 * Uptime Kuma reaches anything else (its update check, notifications: none configured in git).
 */
export class UptimeKuma extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'uptime-kuma', {
      // servicemonitor.yaml: endpoint port `http`, path /metrics, on the app pods (its Service selects
      // app.kubernetes.io/name: uptime-kuma).
      prometheusScrapePorts: [UPTIME_KUMA_HTTP],
      prometheusScrapePods: APP,
      ingressFrom: [
        // The Ingress status.k8s.n37.ca (class nginx) forwards to the Service uptime-kuma:3001.
        { from: INGRESS_NGINX, to: UPTIME_KUMA, ports: [UPTIME_KUMA_HTTP] },
      ],
      // The monitors, one flow each: the app writes the target's ingress where the target is protected.
      egressTo: [
        // "Uptime Kuma" checks its own Service (http://uptime-kuma.uptime-kuma:3001), so the pod reaches itself
        // through the Service IP.
        { from: UPTIME_KUMA, to: UPTIME_KUMA, ports: [UPTIME_KUMA_HTTP] },
        // "Argo Workflows": http://argo-workflows-server.argo-workflows:2746.
        { from: UPTIME_KUMA, to: ARGO_SERVER, ports: [ARGO_SERVER_HTTP] },
        // "ArgoCD": https://argocd-server.argocd:443/healthz; the Service's 443 targets the server's 8080,
        // which serves both HTTP and TLS.
        { from: UPTIME_KUMA, to: ARGOCD_SERVER, ports: [ARGOCD_SERVER_PORT] },
        // "Falco UI": http://falco-falcosidekick-ui.falco:2802.
        { from: UPTIME_KUMA, to: FALCOSIDEKICK_UI, ports: [UI_HTTP] },
        // "Grafana": http://kube-prometheus-stack-grafana.default:80/api/health; the Service's 80
        // targets Grafana's container port 3000.
        { from: UPTIME_KUMA, to: GRAFANA, ports: [Port.tcp(3000)] },
        // "Prometheus": http://kube-prometheus-stack-prometheus.default:9090/-/healthy.
        { from: UPTIME_KUMA, to: PROMETHEUS, ports: [Port.tcp(9090)] },
        // "LocalStack": http://localstack.localstack:4566/_localstack/health.
        { from: UPTIME_KUMA, to: LOCALSTACK_APP, ports: [S3_API] },
        // "Loki": http://loki.loki:3100/ready; the Service selects the single-binary pods.
        { from: UPTIME_KUMA, to: LOKI_SERVER, ports: [LOKI_HTTP] },
        // "Tempo": declared as http://tempo.tempo:3200/ready, a port the Tempo Service does not expose;
        // Tempo serves HTTP on 3100, so the monitor works once its URL names 3100. 3200 is not opened: it
        // would reach nothing.
        { from: UPTIME_KUMA, to: TEMPO, ports: [TEMPO_HTTP] },
        // "Zot Registry": http://zot.zot:5000/v2/ (zot's container port `zot`).
        { from: UPTIME_KUMA, to: ZOT, ports: [ZOT_HTTP] },
        // "lifeonabike.ca" and "www.lifeonabike.ca": http://web.lifeonabike:80, the web pod's 8080.
        { from: UPTIME_KUMA, to: LIFEONABIKE_WEB, ports: [WEB_HTTP] },
      ],
      egressToIpBlocks: [
        // "UniFi Controller": https://10.0.1.1 (the gateway's web UI on 443).
        { peerName: 'unifi-controller', ipBlock: IpBlock.host(UNIFI_CONTROLLER_IP), ports: [Port.tcp(443)], appliesToPods: APP },
        // "UNVR (UniFi Protect)": https://10.0.20.131/.
        { peerName: 'unifi-protect-nvr', ipBlock: IpBlock.host(UNIFI_PROTECT_NVR_IP), ports: [Port.tcp(443)], appliesToPods: APP },
        // HTTP monitors of public sites (the tool's purpose, none in today's baseline): plain HTTP on 80;
        // 443 is allow-external-https-egress. The private ranges are excluded, so neither opens the LAN.
        { peerName: 'internet-http', ipBlock: IpBlock.ipv4('0.0.0.0/0', PRIVATE_RANGES), ports: [Port.tcp(80)], appliesToPods: APP },
      ],
      // Public HTTPS monitors, as above.
      externalHttps: { appliesToPods: APP },
      // The drift detector lists the app pod and execs sqlite3 in it through the API server (the exec
      // stream goes API server to kubelet, not pod to pod). The app itself reads no Kubernetes objects.
      clusterApi: { appliesToPods: DRIFT_DETECTOR },
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('uptime-kuma'),
          reason: 'The monitors: every pod of uptime-kuma could reach every namespace on the monitor ports, and any address on 53, 80 and '
            + '443; now the app pods reach exactly the targets of the monitor baseline, and the internet on 80 and 443 (3200 for Tempo is '
            + 'not opened: nothing listens there)',
        },
        {
          to: Pods.all('uptime-kuma'), ports: [UPTIME_KUMA_HTTP],
          reason: '3001 on every pod of uptime-kuma; the app pods serve it, the drift detector does not',
        },
      ],
    });
  }
}
