import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { ISTIO_AMBIENT } from '../homelab/cluster';
import { IpBlock } from './ip-block';
import { PodSelectionProps, podSelectorFor } from './pod-selection';
import { Port, bindPorts } from './port';
import { createPolicyResource } from './policy-resource';

export interface AmbientHealthProbesProps extends PodSelectionProps {
  /**
   * The TCP ports the kubelet probes (httpGet, tcpSocket and grpc probes are all TCP).
   * @default - every TCP port: the source is a link-local address only istio-cni on the pod's own
   * node uses, so the port is not what protects the pod, and a probe port missing here would get a
   * healthy pod restarted
   */
  readonly ports?: readonly Port[];
}

/**
 * `allow-ambient-health-probes-ingress`: the kubelet's health probes of pods in an Istio ambient
 * namespace. istio-cni rewrites their source to the link-local ISTIO_AMBIENT.probeSourceAddress
 * (169.254.7.127) so ztunnel can tell them from mesh traffic; under a default deny, without this
 * rule every probe of an enrolled pod fails and the kubelet restarts it.
 */
export class AmbientHealthProbes extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: AmbientHealthProbesProps = {}) {
    super(scope, id);
    this.policy = createPolicyResource(this, {
      name: 'allow-ambient-health-probes-ingress',
      podSelector: podSelectorFor(this, props.appliesToPods),
      ingress: [{
        from: [{ ipBlock: IpBlock.host(ISTIO_AMBIENT.probeSourceAddress).bind(this) }],
        ports: bindPorts(this, props.ports ?? [Port.tcpRange(1, 65535)]),
      }],
    });
  }
}
