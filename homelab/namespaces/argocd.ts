import { Construct } from 'constructs';
import { INGRESS_NGINX, PRIVATE_RANGES } from '../cluster';
import { IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';

// Pod labels from argoproj/argo-helm charts/argo-cd/templates/_helpers.tpl ("argo-cd.selectorLabels":
// app.kubernetes.io/name: argocd-<component name>, instance: the release, "argocd" in the homelab).
/** argocd-server: the UI and API (argocd.k8s.n37.ca). */
export const ARGOCD_SERVER = Pods.select('argocd', 'argocd-server', { 'app.kubernetes.io/name': 'argocd-server' });
const SERVER = ARGOCD_SERVER;
const REPO_SERVER = { 'app.kubernetes.io/name': 'argocd-repo-server' };
/** argocd-server's one container port (`server.containerPorts.server`): HTTP and HTTPS on the same port. */
/** argocd-server's container port, behind the Service's 443 (HTTP and TLS on one port). */
export const ARGOCD_SERVER_PORT = Port.tcp(8080);
const SERVER_PORT = ARGOCD_SERVER_PORT;

/**
 * argocd: Argo CD itself, the sync engine of the whole homelab (chart argo-cd 9.4.10 from
 * https://argoproj.github.io/argo-helm, release `argocd`; imcbeth/homelab manifests/applications/argocd.yaml,
 * values manifests/base/argocd/argocd-config.yaml, the Ingress manifests/base/argocd/argo-nginx-ingress.yaml).
 * It runs the server, the application controller (a StatefulSet, 2 replicas), the repo-server, Redis,
 * the ApplicationSet and notifications controllers and Dex (GitHub login via `dex.config`); the chart's
 * defaults leave redis-ha and the commit server off. The flows are the ones the chart's own
 * NetworkPolicy templates name (templates/argocd-repo-server/networkpolicy.yaml, redis/networkpolicy.yaml,
 * dex/networkpolicy.yaml): server, controller, ApplicationSet and notifications to the repo-server on 8081;
 * server, repo-server and controller to Redis on 6379; server to Dex on 5556 and 5557. Ports are the
 * chart's `containerPorts` defaults as its README lists them (not re-read at 9.4.10).
 *
 * A wrong rule here stops every sync, including the one that would repair it, so the rules are
 * deliberately broad where the cost of a miss is high: every chart port between argocd's own pods,
 * the Kubernetes API and the internet on
 * 443 for every pod. Not verified: that no Application pulls a chart
 * or repository from a LAN or in-cluster address (only public GitHub and Helm/OCI repositories over 443 and
 * git@github.com over 22 are admitted; a repository on the LAN would need its own ipBlock rule), and the pod
 * labels and ports against the live cluster (`kubectl get pods -n argocd --show-labels`).
 */
export class Argocd extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'argocd', {
      // The homelab enables metrics with a ServiceMonitor for the controller (8082), the server (8083) and the
      // repo-server (8084); each pod serves only its own, so every pod is selected.
      prometheusScrapePorts: [Port.tcp(8082), Port.tcp(8083), Port.tcp(8084)],
      ingressFrom: [
        // The Ingress argocd-ingress (argocd.k8s.n37.ca, backend-protocol HTTPS) sends to the argocd-server
        // Service's 443, which targets the container port 8080. (Uptime Kuma's "ArgoCD" monitor is a flow
        // uptime-kuma declares.)
        { from: INGRESS_NGINX, to: SERVER, ports: [SERVER_PORT] },
      ],
      // Between argocd's own pods every port the chart opens: the repo-server (8081), Redis (6379), Dex (5556
      // HTTP, 5557 gRPC, 5558 metrics), the server (8080), the metrics ports (8082-8084), the ApplicationSet
      // webhook (7000) and the notifications metrics (9001). Broader than the three flows the chart's policies
      // name, on purpose: a missed internal flow would stop every sync.
      withinNamespacePorts: [
        Port.tcpRange(5556, 5558), Port.tcp(6379), Port.tcp(7000), Port.tcpRange(8080, 8084), Port.tcp(9001),
      ],
      // The controller applies and watches every Application's resources, the server, the ApplicationSet and
      // notifications controllers and Dex read their ConfigMaps and Secrets, and the redis-secret-init hook Job
      // writes the Redis password Secret: every pod, since a missed one stops syncing or login.
      clusterApi: true,
      // The repo-server fetches Helm charts and OCI artifacts over HTTPS (argoproj.github.io, the other chart
      // repositories of manifests/applications/*.yaml); Dex calls github.com for the GitHub login; the
      // notifications and ApplicationSet controllers may call external services. Every pod, deliberately.
      externalHttps: true,
      egressToIpBlocks: [
        // The repo-server clones git@github.com:imcbeth/homelab.git over SSH; only it talks git (the
        // ApplicationSet git generator asks the repo-server). GitHub's addresses change, so the internet
        // without the private ranges, on 22 only.
        {
          peerName: 'git-ssh',
          ipBlock: IpBlock.ipv4('0.0.0.0/0', PRIVATE_RANGES),
          ports: [Port.tcp(22)],
          appliesToPods: REPO_SERVER,
        },
      ],
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          to: Pods.all('argocd'), ports: [Port.tcp(8443)],
          reason: '8443 from every source: no Argo CD component serves a webhook or a port there (the server serves 8080)',
        },
        {
          from: Pods.all('argocd'), to: IpBlock.ipv4('0.0.0.0/0'), ports: [Port.tcp(22)],
          reason: 'git over SSH: every pod of argocd could reach 22 anywhere; only the repo-server clones, from the internet',
        },
      ],
    });
  }
}
