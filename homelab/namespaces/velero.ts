import { Port, ProtectedNamespaceProps } from '../../constructs';

/** Backups: to LocalStack in the cluster and to Backblaze B2 outside. */
export const velero: ProtectedNamespaceProps = {
  // Tightened: Prometheus pods only, instead of every pod in `default`.
  prometheusScrapePorts: [Port.tcp(8085)],
  egressTo: [{ peerName: 'localstack', namespace: 'localstack', ports: [Port.tcp(4566)] }],
  // See ClusterApi: the seed's Service-IP-only rule did not reach the API server.
  clusterApi: true,
  // Backblaze B2.
  externalHttps: true,
};
