import { Construct } from 'constructs';
import { Port, ProtectedNamespace } from '../../constructs';

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
    });
  }
}
