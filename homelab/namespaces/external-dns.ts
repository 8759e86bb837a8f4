import { Construct } from 'constructs';
import { UNIFI_CONTROLLER_IP } from '../cluster';
import { IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';

// Pod labels from the homelab's plain manifests (imcbeth/homelab manifests/base/external-dns/).
const EXTERNAL_DNS = { 'app.kubernetes.io/name': 'external-dns' };
const CLOUDFLARE = { ...EXTERNAL_DNS, 'app.kubernetes.io/component': 'cloudflare' };
const UNIFI = Pods.select('external-dns', 'external-dns-unifi', { ...EXTERNAL_DNS, 'app.kubernetes.io/component': 'unifi' });
const UNIFI_WEBHOOK = Pods.select('external-dns', 'unifi-webhook', { 'app.kubernetes.io/name': 'external-dns-unifi-webhook' });
// The webhook provider API; external-dns-unifi calls http://external-dns-unifi-webhook:8888.
const WEBHOOK_API = Port.tcp(8888);

/**
 * Two external-dns instances publish Ingress and LoadBalancer hostnames: one to Cloudflare
 * (public DNS), one through the UniFi webhook provider to the gateway's local DNS.
 */
export class ExternalDns extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'external-dns', {
      // external-dns's default --metrics-address :7979; the webhook pod does not serve it.
      prometheusScrapePorts: [Port.tcp(7979)],
      prometheusScrapePods: EXTERNAL_DNS,
      // Both instances watch Ingresses, Services and DNSEndpoints; the webhook only talks to UniFi.
      clusterApi: { appliesToPods: EXTERNAL_DNS },
      // The Cloudflare API (api.cloudflare.com).
      externalHttps: { appliesToPods: CLOUDFLARE },
      // The provider is not a sidecar: it is its own Deployment behind a Service, so the call
      // crosses pods and needs the sender's egress and the receiver's ingress.
      egressTo: [{ from: UNIFI, to: UNIFI_WEBHOOK, ports: [WEBHOOK_API] }],
      // The webhook writes the records through the UniFi gateway's API (UniFi OS, HTTPS on 443).
      egressToIpBlocks: [{
        peerName: 'unifi-controller',
        ipBlock: IpBlock.host(UNIFI_CONTROLLER_IP),
        ports: [Port.tcp(443)],
        appliesToPods: UNIFI_WEBHOOK.labels,
      }],
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('external-dns'), to: Pods.all('external-dns'),
          reason: 'Inside external-dns: every pod could reach every other on 8080 and 8888; now external-dns-unifi reaches the webhook '
            + 'provider on 8888 only (the metrics on 7979 are Prometheus\'s)',
        },
        {
          from: Pods.all('external-dns'), to: IpBlock.ipv4('0.0.0.0/0'),
          reason: 'Out: every pod could reach 443 and 8443 anywhere; now the Cloudflare instance reaches the internet on 443 and the webhook '
            + 'the UniFi controller on 443 (UniFi OS serves its API there)',
        },
      ],
    });
  }
}
