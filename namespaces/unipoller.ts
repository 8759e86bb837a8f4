import { UNIFI_CONTROLLER_IP } from '../cluster';
import { IpBlock, Port, ProtectedNamespaceProps } from '../constructs';

/** Polls the UniFi controller and exposes the metrics to Prometheus. */
export const unipoller: ProtectedNamespaceProps = {
  // Tightened: Prometheus pods only, instead of every pod in `default`.
  prometheusScrapePorts: [Port.tcp(9130)],
  egressToIpBlocks: [{
    peerName: 'unifi-controller',
    ipBlock: IpBlock.host(UNIFI_CONTROLLER_IP),
    ports: [Port.tcp(443), Port.tcp(8443)],
  }],
};
