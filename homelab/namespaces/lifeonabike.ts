import { Construct } from 'constructs';
import { INGRESS_NGINX, PRIVATE_RANGES } from '../cluster';
import { IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';
import { EVENTSOURCE_WEBHOOK, LIFEONABIKE_GITHUB_EVENTSOURCE } from './argo-events';

// Pod labels from imcbeth/homelab manifests/base/lifeonabike/deployment.yaml and cloudflared.yaml.
/** The site's nginx pods, which Uptime Kuma's lifeonabike.ca monitors check. */
export const LIFEONABIKE_WEB = Pods.select('lifeonabike', 'lifeonabike-web', { app: 'lifeonabike-web' });
const WEB = LIFEONABIKE_WEB;
const CLOUDFLARED = Pods.select('lifeonabike', 'cloudflared', { app: 'cloudflared' });
/** The site's nginx port (container port `http`; the Service web maps 80 to it). */
export const WEB_HTTP = Port.tcp(8080);

/**
 * lifeonabike: the lifeonabike.ca static site (imcbeth/homelab manifests/applications/lifeonabike.yaml,
 * plain manifests in manifests/base/lifeonabike). `web` is nginx serving the built site on 8080;
 * `cloudflared` is a Cloudflare Tunnel connector that dials out to Cloudflare's edge and forwards the
 * site's hostnames to `web` and build-webhook.n37.ca (GitHub's push webhook) to the Argo Events
 * EventSource in argo-events. The Ingress `web` (class nginx) also routes the hostnames through
 * ingress-nginx. Neither pod reads the Kubernetes API or is scraped by Prometheus (no ServiceMonitor,
 * no metrics port). Images come from the zot registry, pulled by the nodes' container runtime, not
 * by the pods.
 * Not verified: that cloudflared is deployed today (the stored kustomization.yaml predates
 * cloudflared.yaml; the file's later versions and its sealed credentials say it is) and whether the
 * Ingress is still served alongside the tunnel; both paths are admitted so neither breaks.
 */
export class Lifeonabike extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'lifeonabike', {
      ingressFrom: [
        // Ingress web: lifeonabike.ca and www.lifeonabike.ca through the controller, to the pod port. (Uptime
        // Kuma's lifeonabike.ca and www.lifeonabike.ca monitors are flows uptime-kuma declares.)
        { from: INGRESS_NGINX, to: WEB, ports: [WEB_HTTP] },
      ],
      egressTo: [
        // The tunnel's ingress rules send the same hostnames to http://web.lifeonabike.svc:80 (port 8080
        // after the Service).
        { from: CLOUDFLARED, to: WEB, ports: [WEB_HTTP] },
        // build-webhook.n37.ca in the tunnel config: GitHub's push events for the site's repository go to
        // the EventSource lifeonabike-github (Service port 12000, target 12000), which starts the build.
        { from: CLOUDFLARED, to: LIFEONABIKE_GITHUB_EVENTSOURCE, ports: [EVENTSOURCE_WEBHOOK] },
      ],
      egressToIpBlocks: [
        // The tunnel itself: cloudflared connects out to Cloudflare's edge (region1/region2.v2.argotunnel.com)
        // on 7844, over QUIC (UDP) and, as its fallback, HTTP/2 (TCP). The edge addresses are Cloudflare's to
        // change, so the internet (without the private ranges) is admitted on that one port. No 443: updates
        // are off (no-autoupdate) and `tunnel run` with a credentials file needs no API call.
        {
          peerName: 'cloudflare-tunnel',
          ipBlock: IpBlock.ipv4('0.0.0.0/0', PRIVATE_RANGES),
          ports: [Port.udp(7844), Port.tcp(7844)],
          appliesToPods: CLOUDFLARED.labels,
        },
      ],
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          to: Pods.all('lifeonabike'),
          reason: 'lifeonabike had no hand-written policy, so every source reached every port; now default deny with web\'s 8080 for '
            + 'ingress-nginx, cloudflared and Uptime Kuma',
        },
        {
          from: Pods.all('lifeonabike'),
          reason: 'lifeonabike had no hand-written policy, so its pods reached everything; now cloudflared reaches web, the Argo Events '
            + 'EventSource and Cloudflare\'s edge on 7844, and web reaches nothing but DNS',
        },
      ],
    });
  }
}
