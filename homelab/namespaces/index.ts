import { ProtectedNamespaceProps } from '../../constructs';
import { argoEvents } from './argo-events';
import { argocd } from './argocd';
import { argoWorkflows } from './argo-workflows';
import { certManager } from './cert-manager';
import { chaosMesh } from './chaos-mesh';
import { defaultNamespace } from './default';
import { externalDns } from './external-dns';
import { lifeonabike } from './lifeonabike';
import { externalSecrets } from './external-secrets';
import { falco } from './falco';
import { gatekeeperSystem } from './gatekeeper-system';
import { ingressNginx } from './ingress-nginx';
import { flinkDemo } from './flink-demo';
import { flinkOperator } from './flink-operator';
import { kafka } from './kafka';
import { localstack } from './localstack';
import { loki } from './loki';
import { metallbSystem } from './metallb-system';
import { oauth2Proxy } from './oauth2-proxy';
import { tempo } from './tempo';
import { strimziSystem } from './strimzi-system';
import { synologyCsi } from './synology-csi';
import { trivySystem } from './trivy-system';
import { unipoller } from './unipoller';
import { uptimeKuma } from './uptime-kuma';
import { velero } from './velero';
import { zot } from './zot';

/**
 * Every protected namespace and its rules, keyed by namespace name. Adding a namespace is one
 * file here and one entry below; scripts/check-dist.js reads the keys to refuse a dist/ that
 * lacks any of them, without synthesizing.
 */
export const PROTECTED_NAMESPACES: Readonly<Record<string, ProtectedNamespaceProps>> = {
  'localstack': localstack,
  'unipoller': unipoller,
  'loki': loki,
  'trivy-system': trivySystem,
  'velero': velero,
  'cert-manager': certManager,
  'external-dns': externalDns,
  'metallb-system': metallbSystem,
  'oauth2-proxy': oauth2Proxy,
  'tempo': tempo,
  'lifeonabike': lifeonabike,
  'external-secrets': externalSecrets,
  'gatekeeper-system': gatekeeperSystem,
  'falco': falco,
  'chaos-mesh': chaosMesh,
  'argo-events': argoEvents,
  'argo-workflows': argoWorkflows,
  'strimzi-system': strimziSystem,
  'kafka': kafka,
  'flink-operator': flinkOperator,
  'flink-demo': flinkDemo,
  'default': defaultNamespace,
  'argocd': argocd,
  'ingress-nginx': ingressNginx,
  'uptime-kuma': uptimeKuma,
  'zot': zot,
  'synology-csi': synologyCsi,
};
