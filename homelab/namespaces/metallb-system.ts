import { Construct } from 'constructs';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

// Pod labels from the metallb chart (charts/metallb/templates/controller.yaml).
const CONTROLLER = { 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'controller' };

/**
 * MetalLB: the controller assigns LoadBalancer addresses and serves the validating webhook.
 *
 * The speaker DaemonSet runs with hostNetwork, so no NetworkPolicy applies to it: it is not
 * protected by this namespace's policies, whatever they select. default-deny and
 * allow-dns-egress must select every pod (an empty podSelector is what makes a namespace
 * default-deny), so the linter's host-network-selected rule reports those two; every other
 * policy here applies to the controller only.
 */
export class MetallbSystem extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'metallb-system', {
      // prometheus.metricsPort (chart default 7472), the controller's `monitoring` port.
      prometheusScrapePorts: [Port.tcp(7472)],
      prometheusScrapePods: CONTROLLER,
      // The controller's webhook-server port: the API server validates IPAddressPools and the other
      // MetalLB resources here.
      apiServerWebhook: { ports: [Port.tcp(9443)], appliesToPods: CONTROLLER },
      // Watches Services and MetalLB resources, writes Service status.
      clusterApi: { appliesToPods: CONTROLLER },
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('metallb-system'), to: Pods.all('metallb-system'),
          reason: 'Inside metallb-system: every pod could reach every other on 7472, 7473 and memberlist 7946; the speakers run with '
            + 'hostNetwork, so their memberlist is the nodes\' traffic and no NetworkPolicy applies; the controller talks to no other pod',
        },
        {
          to: Pods.all('metallb-system'), ports: [Port.tcp(9443)],
          reason: 'The webhook port 9443: open on every pod; now on the controller, where the webhook listens',
        },
      ],
    });
  }
}
