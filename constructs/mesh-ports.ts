import { ISTIO_AMBIENT } from '../homelab/cluster';
import { Port, Protocol } from './port';

/**
 * The ports a rule between `ownNamespace` and `peerNamespace` must admit under Istio ambient: `ports`,
 * plus TCP ISTIO_AMBIENT.hbonePort (15008) when both namespaces are enrolled. Between two enrolled pods
 * ztunnel carries the connection as HBONE to the receiver's pod IP on 15008, so NetworkPolicy sees 15008
 * and never the application port; the sender's egress and the receiver's ingress both need it. The
 * application ports stay, so the rule still holds for a connection that is not tunnelled (a namespace
 * leaving the mesh, or a pod opted out with istio.io/dataplane-mode=none).
 *
 * Nothing is added when a port already covers TCP 15008, and an empty `ports` is returned as is, so
 * bindPorts still refuses it instead of the rule opening 15008 alone.
 *
 * @param enrolledNamespaces the namespaces in the ambient mesh; @default ISTIO_AMBIENT.enrolledNamespaces
 */
export function meshPorts(
  ports: readonly Port[],
  ownNamespace: string,
  peerNamespace: string,
  enrolledNamespaces: readonly string[] = ISTIO_AMBIENT.enrolledNamespaces,
): readonly Port[] {
  const bothEnrolled = enrolledNamespaces.includes(ownNamespace) && enrolledNamespaces.includes(peerNamespace);
  if (!bothEnrolled || ports.length === 0 || ports.some(coversHbone)) {
    return ports;
  }
  return [...ports, Port.tcp(ISTIO_AMBIENT.hbonePort)];
}

function coversHbone(port: Port): boolean {
  const hbone = ISTIO_AMBIENT.hbonePort;
  return port.protocol === Protocol.TCP && port.port <= hbone && hbone <= (port.endPort ?? port.port);
}
