import { Construct } from 'constructs';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

/**
 * The built-in Trivy server (trivy-operator's builtInTrivyServer: true, ClientServer mode): a StatefulSet
 * whose pods the scan Jobs call on trivy-http 4954 (the trivy-operator chart's trivy-server templates).
 */
const TRIVY_SERVER = Pods.select('trivy-system', 'trivy-server', { 'app.kubernetes.io/name': 'trivy-server' });

/**
 * The Trivy operator: scans images, so it reads the API server and pulls from registries. In the Istio
 * ambient mesh: the scrape and the scan Jobs' calls also get HBONE 15008, and the kubelet's probes
 * (169.254.7.127) are admitted on every TCP port.
 */
export class TrivySystem extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'trivy-system', {
      // Tightened: Prometheus pods only, instead of every pod in `default`.
      prometheusScrapePorts: [Port.tcp(8080)],
      // Fixed against the seed, which allowed no traffic inside trivy-system: in ClientServer mode every scan Job
      // sends the image to the Trivy server on 4954 (the owner's current policy admits any pod of the namespace on
      // it). The Jobs are transient and carry no fixed label, so every pod may call the server, on the server only.
      egressTo: [{ to: TRIVY_SERVER, ports: [Port.tcp(4954)] }],
      // Tightened into a working rule: the seed allowed only the Service IP, which Calico never sees
      // after kube-proxy's DNAT; see ClusterApi.
      clusterApi: true,
      // Container registries.
      externalHttps: true,
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          to: Pods.all('trivy-system'), ports: [Port.tcp(4954)],
          reason: '4954 on every pod of trivy-system; the Trivy server listens there, so it is open on the server pods only',
        },
      ],
    });
  }
}
