import { Construct } from 'constructs';
import { INGRESS_NGINX } from '../cluster';
import { IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';

// Chart labels (argo-events.selectorLabels, release argo-events) for the two Deployments the chart
// renders, and the labels the controller puts on the pods it creates for the custom resources.
const CONTROLLER = { 'app.kubernetes.io/name': 'argo-events-controller-manager' };
const WEBHOOK = { 'app.kubernetes.io/name': 'argo-events-events-webhook' };
const EVENTBUS = Pods.select('argo-events', 'eventbus', { 'controller': 'eventbus-controller', 'eventbus-name': 'default' });
const EVENTSOURCES = Pods.select('argo-events', 'eventsources', { 'controller': 'eventsource-controller' });
const SENSORS = Pods.select('argo-events', 'sensors', { 'controller': 'sensor-controller' });
/** The EventSource lifeonabike-github's pods, where GitHub's push webhooks arrive (Service port 12000). */
export const LIFEONABIKE_GITHUB_EVENTSOURCE = Pods.select('argo-events', 'lifeonabike-github', {
  'controller': 'eventsource-controller',
  'eventsource-name': 'lifeonabike-github',
});
/** The EventSource's webhook port. */
export const EVENTSOURCE_WEBHOOK = Port.tcp(12000);

const NATS_CLIENT = Port.tcp(4222);

/**
 * Argo Events (chart argo-events 2.4.23, imcbeth/homelab manifests/applications/argo-events.yaml and
 * manifests/base/argo-events/): the controller turns the EventBus, EventSource and Sensor resources
 * into pods; the EventSource lifeonabike-github takes GitHub's push webhooks and publishes them on the
 * JetStream EventBus "default"; the Sensor lifeonabike-build subscribes and submits the Workflow
 * lifeonabike-build into argo-workflows through the Kubernetes API (no connection to argo-workflows'
 * pods). Sources: argoproj/argo-helm charts/argo-events/templates/ for the chart's Deployments, and
 * argoproj/argo-events pkg/reconciler for the pods the controller creates (see the inventory).
 *
 * Not verified: how the EventSource and Sensor pods elect their leader with a JetStream bus (a
 * Kubernetes Lease or the bus itself): every pod may reach the API server, which covers both.
 */
export class ArgoEvents extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'argo-events', {
      // controller.metrics with a ServiceMonitor (in default): the metrics Service targets the
      // controller's port metrics, 7777. The bus, EventSource and Sensor metrics are not scraped.
      prometheusScrapePorts: [Port.tcp(7777)],
      prometheusScrapePods: CONTROLLER,
      // webhook.enabled: the API server validates EventBus, EventSource and Sensor objects here
      // (webhook.port, 443 by default, behind the Service events-webhook:443); see ApiServerWebhook.
      apiServerWebhook: { ports: [Port.tcp(443)], appliesToPods: WEBHOOK },
      ingressFrom: [
        // build-webhook.k8s.n37.ca/push (manifests/base/argo-events/webhook-ingress.yaml) to the
        // EventSource Service on 12000. The kustomization versions read do not list that file, so the
        // Ingress may not be applied yet; the rule is what the EventSource's own comment describes.
        // (lifeonabike's Cloudflare Tunnel sends the same push events through its connector: a flow
        // lifeonabike declares.)
        { from: INGRESS_NGINX, to: EVENTSOURCES, ports: [EVENTSOURCE_WEBHOOK] },
        // EventSources publish to and Sensors subscribe on the bus's NATS client port (TLS and a password
        // from the controller-made Secret). With one JetStream replica there is no route traffic on 6222.
        { from: EVENTSOURCES, to: EVENTBUS, ports: [NATS_CLIENT] },
        { from: SENSORS, to: EVENTBUS, ports: [NATS_CLIENT] },
      ],
      // The controller creates the bus, EventSource and Sensor objects; the webhook registers itself and
      // keeps its certificate; the Sensor submits Workflows; the EventSource reads its Secrets. Every pod,
      // the bus included, since no one label set selects the others without it.
      clusterApi: true,
      // The github EventSource registers its webhook on imcbeth/lifeonabike.ca through api.github.com
      // (apiToken with admin:repo_hook).
      externalHttps: { appliesToPods: EVENTSOURCES.labels },
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('argo-events'), to: Pods.all('argo-events'), ports: [NATS_CLIENT, Port.tcp(6222)],
          reason: 'NATS: every pod of argo-events could reach every other on 4222 and the cluster port 6222; now the EventSources and '
            + 'Sensors reach the EventBus on 4222 only (one JetStream replica sends no route traffic on 6222)',
        },
        {
          from: Pods.all('argo-events'), to: IpBlock.ipv4('0.0.0.0/0'), ports: [Port.tcp(443)],
          reason: 'Internet HTTPS: every pod could reach it; only the EventSources call GitHub (to register their webhooks)',
        },
      ],
    });
  }
}
