import { Construct } from 'constructs';
import { DNS01_RECURSIVE_NAMESERVERS } from '../cluster';
import { IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';

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
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('cert-manager'), to: Pods.all('cert-manager'), ports: [Port.tcp(9402), Port.tcp(10250)],
          reason: 'Inside cert-manager: every pod could reach every other on 9402 and 10250; none calls another (the API server calls the '
            + 'webhook, Prometheus scrapes 9402)',
        },
        {
          from: Pods.all('cert-manager'), to: IpBlock.ipv4('0.0.0.0/0'),
          reason: 'DNS and HTTPS out: every pod could query any resolver and reach the internet on 443; only the controller does, '
            + 'to the two DNS01 resolvers (DNS01_RECURSIVE_NAMESERVERS) and Let\'s Encrypt and Cloudflare on 443',
        },
        {
          to: Pods.all('cert-manager'), ports: [Port.tcp(10250)],
          reason: 'The webhook port: open on every pod of cert-manager; now on the webhook pod only, where it listens',
        },
      ],
    });
  }
}
