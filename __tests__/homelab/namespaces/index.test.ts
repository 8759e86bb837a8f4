import { PROTECTED_NAMESPACES } from '../../../homelab/namespaces';

test('lists the five namespaces of the seed, the three of phase 3 and those of phase 4, in a stable order', () => {
  expect(Object.keys(PROTECTED_NAMESPACES)).toEqual(['localstack', 'unipoller', 'loki', 'trivy-system', 'velero', 'cert-manager', 'external-dns', 'metallb-system', 'oauth2-proxy', 'tempo', 'lifeonabike', 'external-secrets', 'gatekeeper-system', 'falco', 'chaos-mesh', 'argo-events', 'argo-workflows', 'strimzi-system', 'kafka', 'flink-operator', 'flink-demo', 'default', 'argocd', 'ingress-nginx', 'uptime-kuma', 'zot', 'synology-csi']);
});
