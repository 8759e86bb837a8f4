import { Construct } from 'constructs';
import { Port, ProtectedNamespace } from '../../constructs';
import { LOCALSTACK, S3_API } from './localstack';

/** Backups: to LocalStack in the cluster and to Backblaze B2 outside. */
export class Velero extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'velero', {
      // Tightened: Prometheus pods only, instead of every pod in `default`.
      prometheusScrapePorts: [Port.tcp(8085)],
      // The BackupStorageLocation for testing is LocalStack's S3 API.
      egressTo: [{ to: LOCALSTACK, ports: [S3_API] }],
      // See ClusterApi: the seed's Service-IP-only rule did not reach the API server.
      clusterApi: true,
      // Backblaze B2.
      externalHttps: true,
    });
  }
}
