import { UPTIME_KUMA } from '../cluster';
import { Port, ProtectedNamespaceProps } from '../../constructs';

const S3_API = Port.tcp(4566);

/**
 * S3-compatible storage for Velero testing. Egress: DNS only.
 *
 * localstack is in the Istio ambient mesh: ProtectedNamespace adds HBONE 15008 to the rules from
 * Prometheus, argo-workflows and flink-demo (enrolled too; velero and ingress-nginx are not) and admits
 * the kubelet's probes from 169.254.7.127 on every TCP port.
 */
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
    // bucket (imcbeth/homelab manifests/base/flink-demo/).
    { peerName: 'flink-demo', namespace: 'flink-demo', ports: [S3_API] },
    // Uptime Kuma's "LocalStack" monitor probes http://localstack.localstack:4566/_localstack/health
    // (imcbeth/homelab manifests/base/uptime-kuma/monitor-baseline-configmap.yaml); uptime-kuma is not
    // in the mesh, so no HBONE.
    { peerName: 'uptime-kuma', ...UPTIME_KUMA, ports: [S3_API] },
  ],
  // Tightened: the seed admitted every pod in `default` (where Prometheus runs) on 4566, which
  // fails the seed's own "Test Blocked Traffic" check (a test pod in `default` must not reach
  // 4566). Only the Prometheus pods are admitted now.
  prometheusScrapePorts: [S3_API],
};
