import { Construct } from 'constructs';
import { DNS01_RECURSIVE_NAMESERVERS } from '../cluster';
import { IpBlock, Port, ProtectedNamespace } from '../../constructs';

// Pod labels from the jetstack chart (deploy/charts/cert-manager/templates/*-deployment.yaml).
const CONTROLLER = { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' };
const WEBHOOK = { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/component': 'webhook' };

/** Issues certificates from Let's Encrypt with DNS01 challenges at Cloudflare. */
export class CertManager extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'cert-manager', {
      // The chart's ServiceMonitor (enabled in the homelab) scrapes the controller, the cainjector
      // and the webhook on 9402, so every pod of the namespace serves it.
      prometheusScrapePorts: [Port.tcp(9402)],
      // webhook.securePort (chart default 10250): the API server validates and mutates cert-manager
      // resources here; see ApiServerWebhook for why the source is not narrowed.
      apiServerWebhook: { ports: [Port.tcp(10250)], appliesToPods: WEBHOOK },
      // All three watch the API: the controller its resources, the cainjector the webhook
      // configurations and CRDs, the webhook its serving certificate Secret.
      clusterApi: true,
      // The ACME server (acme-v02.api.letsencrypt.org) and the Cloudflare API for the DNS01 TXT
      // records; only the controller talks to either.
      externalHttps: { appliesToPods: CONTROLLER },
      // The DNS01 self-check asks these resolvers directly instead of kube-dns
      // (--dns01-recursive-nameservers-only), so without this no challenge ever passes.
      egressToIpBlocks: DNS01_RECURSIVE_NAMESERVERS.map(({ name, address }) => ({
        peerName: name,
        ipBlock: IpBlock.host(address),
        ports: [Port.udp(53), Port.tcp(53)],
        appliesToPods: CONTROLLER,
      })),
    });
  }
}
