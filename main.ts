/**
 * The cluster's table of contents: every protected namespace, one construct each, composed into the
 * homelab's app and synthesized to dist/. Each namespace's file declares the flows it owns (its clients'
 * Ingress, the calls it makes); the app writes the policy at both ends of every flow. The cluster-wide
 * charts (the Calico tier and global policies, their monitoring, the ArgoCD Application) follow the
 * namespaces on their own (homelab/app.ts). Adding a namespace: its file in homelab/namespaces/, one line
 * here, and its workloads in inventory/ (README, "Adding a namespace").
 */
import { HomelabApp, HomelabAppOptions, synthesize } from './homelab/app';
import { ArgoEvents } from './homelab/namespaces/argo-events';
import { ArgoWorkflows } from './homelab/namespaces/argo-workflows';
import { Argocd } from './homelab/namespaces/argocd';
import { CertManager } from './homelab/namespaces/cert-manager';
import { ChaosMesh } from './homelab/namespaces/chaos-mesh';
import { DefaultNamespace } from './homelab/namespaces/default';
import { ExternalDns } from './homelab/namespaces/external-dns';
import { ExternalSecrets } from './homelab/namespaces/external-secrets';
import { Falco } from './homelab/namespaces/falco';
import { FlinkDemo } from './homelab/namespaces/flink-demo';
import { FlinkOperator } from './homelab/namespaces/flink-operator';
import { GatekeeperSystem } from './homelab/namespaces/gatekeeper-system';
import { IngressNginx } from './homelab/namespaces/ingress-nginx';
import { IstioSystem } from './homelab/namespaces/istio-system';
import { Kafka } from './homelab/namespaces/kafka';
import { KubeSystem } from './homelab/namespaces/kube-system';
import { Lifeonabike } from './homelab/namespaces/lifeonabike';
import { Localstack } from './homelab/namespaces/localstack';
import { Loki } from './homelab/namespaces/loki';
import { MetallbSystem } from './homelab/namespaces/metallb-system';
import { Oauth2Proxy } from './homelab/namespaces/oauth2-proxy';
import { StrimziSystem } from './homelab/namespaces/strimzi-system';
import { SynologyCsi } from './homelab/namespaces/synology-csi';
import { Tempo } from './homelab/namespaces/tempo';
import { TrivySystem } from './homelab/namespaces/trivy-system';
import { Unipoller } from './homelab/namespaces/unipoller';
import { UptimeKuma } from './homelab/namespaces/uptime-kuma';
import { Velero } from './homelab/namespaces/velero';
import { Zot } from './homelab/namespaces/zot';

/** The app with every protected namespace composed, not yet synthesized (tests and scripts inspect it). */
export function buildApp(options: HomelabAppOptions = {}): HomelabApp {
  const app = new HomelabApp(options);

  // The seed's five.
  new Localstack(app);
  new Unipoller(app);
  new Loki(app);
  new TrivySystem(app);
  new Velero(app);

  // The platform: certificates, DNS, load balancing, ingress, secrets, admission, GitOps.
  new CertManager(app);
  new ExternalDns(app);
  new MetallbSystem(app);
  new IngressNginx(app);
  new Oauth2Proxy(app);
  new ExternalSecrets(app);
  new GatekeeperSystem(app);
  new Argocd(app);
  new SynologyCsi(app);

  // The cluster's own: DNS, the API server's extensions (metrics, sealed secrets), the ambient mesh.
  new KubeSystem(app);
  new IstioSystem(app);

  // Observability and security.
  new DefaultNamespace(app);
  new Tempo(app);
  new UptimeKuma(app);
  new Falco(app);
  new ChaosMesh(app);

  // Workloads: events, workflows, streaming, the registry, the website.
  new ArgoEvents(app);
  new ArgoWorkflows(app);
  new StrimziSystem(app);
  new Kafka(app);
  new FlinkOperator(app);
  new FlinkDemo(app);
  new Zot(app);
  new Lifeonabike(app);

  return app;
}

if (require.main === module) {
  process.exitCode = synthesize(buildApp());
}
