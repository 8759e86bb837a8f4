import { Port, ProtectedNamespaceProps } from '../constructs';

/** The Trivy operator: scans images, so it reads the API server and pulls from registries. */
export const trivySystem: ProtectedNamespaceProps = {
  // Tightened: Prometheus pods only, instead of every pod in `default`.
  prometheusScrapePorts: [Port.tcp(8080)],
  // Tightened into a working rule: the seed allowed only the Service IP, which Calico never sees
  // after kube-proxy's DNAT; see ClusterApi.
  clusterApi: true,
  // Container registries.
  externalHttps: true,
};
