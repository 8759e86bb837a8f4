import { Port, ProtectedNamespaceProps } from '../constructs';

const S3_API = Port.tcp(4566);

/** S3-compatible storage for Velero testing. Egress: DNS only. */
export const localstack: ProtectedNamespaceProps = {
  ingressFrom: [
    { peerName: 'velero', namespace: 'velero', ports: [S3_API] },
    // The LocalStack UI through the ingress controller.
    { peerName: 'ingress-nginx', namespace: 'ingress-nginx', ports: [S3_API] },
  ],
  // Tightened: the seed admitted every pod in `default` (where Prometheus runs) on 4566, which
  // fails the seed's own "Test Blocked Traffic" check (a test pod in `default` must not reach
  // 4566). Only the Prometheus pods are admitted now.
  prometheusScrapePorts: [S3_API],
};
