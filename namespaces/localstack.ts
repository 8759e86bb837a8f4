import { ISTIO_AMBIENT } from '../cluster';
import { Port, ProtectedNamespaceProps } from '../constructs';

const S3_API = Port.tcp(4566);

/** S3-compatible storage for Velero testing. Egress: DNS only. */
export const localstack: ProtectedNamespaceProps = {
  ingressFrom: [
    { peerName: 'velero', namespace: 'velero', ports: [S3_API] },
    // The LocalStack UI through the ingress controller.
    { peerName: 'ingress-nginx', namespace: 'ingress-nginx', ports: [S3_API] },
    // Argo Workflows' PreSync Job localstack-argo-workflows-setup creates its bucket here
    // (imcbeth/homelab manifests/base/argo-workflows/localstack-setup-job.yaml).
    {
      peerName: 'argo-workflows',
      namespace: 'argo-workflows',
      podLabels: { 'app.kubernetes.io/name': 'argo-workflows', 'app.kubernetes.io/component': 'localstack-setup' },
      ports: [S3_API],
    },
    // flink-demo's kafka-to-s3 job writes its output to the S3 API, and its PreSync Job creates the
    // bucket (imcbeth/homelab manifests/base/flink-demo/). Both namespaces are in the Istio ambient
    // mesh, so the connection arrives as HBONE on 15008 (ISTIO_AMBIENT in cluster.ts).
    { peerName: 'flink-demo', namespace: 'flink-demo', ports: [S3_API, Port.tcp(ISTIO_AMBIENT.hbonePort)] },
  ],
  // Tightened: the seed admitted every pod in `default` (where Prometheus runs) on 4566, which
  // fails the seed's own "Test Blocked Traffic" check (a test pod in `default` must not reach
  // 4566). Only the Prometheus pods are admitted now.
  prometheusScrapePorts: [S3_API],
};
