import { Construct } from 'constructs';
import { INGRESS_NGINX } from '../cluster';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

/** LocalStack's S3 API (and UI) port. */
export const S3_API = Port.tcp(4566);
/** Every pod of localstack: the S3 API its clients call. */
export const LOCALSTACK = Pods.all('localstack');
/** The LocalStack pod itself (the chart's `app: localstack`), which Uptime Kuma's monitor checks. */
export const LOCALSTACK_APP = Pods.select('localstack', 'localstack', { app: 'localstack' });

/**
 * S3-compatible storage for Velero testing. Egress: DNS only. Its clients declare their flows in
 * their own namespaces (velero, argo-workflows' setup Job, flink-demo, Uptime Kuma's monitor), and
 * the app writes localstack's side of each.
 *
 * localstack is in the Istio ambient mesh: the flows from Prometheus, argo-workflows and flink-demo
 * (enrolled too; velero and ingress-nginx are not) also admit HBONE 15008, and the kubelet's probes
 * from 169.254.7.127 are admitted on every TCP port.
 */
export class Localstack extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'localstack', {
      // The LocalStack UI through the ingress controller.
      ingressFrom: [{ from: INGRESS_NGINX, ports: [S3_API] }],
      // Tightened: the seed admitted every pod in `default` (where Prometheus runs) on 4566, which
      // fails the seed's own "Test Blocked Traffic" check (a test pod in `default` must not reach
      // 4566). Only the Prometheus pods are admitted now.
      prometheusScrapePorts: [S3_API],
    });
  }
}
