import { Construct } from 'constructs';
import { Port, ProtectedNamespace } from '../../constructs';

/**
 * The Trivy operator: scans images, so it reads the API server and pulls from registries. In the Istio
 * ambient mesh: the scrape also gets HBONE 15008 and the kubelet's probes (169.254.7.127) are admitted on
 * every TCP port.
 */
export class TrivySystem extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'trivy-system', {
      // Tightened: Prometheus pods only, instead of every pod in `default`.
      prometheusScrapePorts: [Port.tcp(8080)],
      // Tightened into a working rule: the seed allowed only the Service IP, which Calico never sees
      // after kube-proxy's DNAT; see ClusterApi.
      clusterApi: true,
      // Container registries.
      externalHttps: true,
    });
  }
}
