import { Construct } from 'constructs';
import { UNIFI_CONTROLLER_IP } from '../cluster';
import { IpBlock, Port, ProtectedNamespace } from '../../constructs';

/**
 * Polls the UniFi controller and exposes the metrics to Prometheus. In the Istio ambient mesh: the scrape
 * also gets HBONE 15008 and the kubelet's probes (169.254.7.127) are admitted on every TCP port; the
 * UniFi controller is outside the cluster, so its rule is unchanged.
 */
export class Unipoller extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'unipoller', {
      // Tightened: Prometheus pods only, instead of every pod in `default`.
      prometheusScrapePorts: [Port.tcp(9130)],
      egressToIpBlocks: [{
        peerName: 'unifi-controller',
        ipBlock: IpBlock.host(UNIFI_CONTROLLER_IP),
        ports: [Port.tcp(443), Port.tcp(8443)],
      }],
    });
  }
}
