import { ALERTMANAGER, GRAFANA, KUBE_DNS, NODE_CIDR, PRIVATE_RANGES, PROMETHEUS, SERVICE_CIDR, UPTIME_KUMA } from '../cluster';
import { EgressToNamespaceProps, IpBlock, Port, ProtectedNamespaceProps } from '../../constructs';
import { argoEvents } from './argo-events';
import { argocd } from './argocd';
import { argoWorkflows } from './argo-workflows';
import { certManager } from './cert-manager';
import { chaosMesh } from './chaos-mesh';
import { externalDns } from './external-dns';
import { externalSecrets } from './external-secrets';
import { falco } from './falco';
import { gatekeeperSystem } from './gatekeeper-system';
import { ingressNginx } from './ingress-nginx';
import { kafka } from './kafka';
import { localstack } from './localstack';
import { loki } from './loki';
import { metallbSystem } from './metallb-system';
import { oauth2Proxy } from './oauth2-proxy';
import { strimziSystem } from './strimzi-system';
import { synologyCsi } from './synology-csi';
import { tempo } from './tempo';
import { trivySystem } from './trivy-system';
import { unipoller } from './unipoller';
import { uptimeKuma } from './uptime-kuma';
import { velero } from './velero';
import { zot } from './zot';

// Pod labels as the charts and manifests render them (see inventory/workloads.yaml, "default").
const OPERATOR = { 'app': 'kube-prometheus-stack-operator' };
const BLACKBOX_EXPORTER = { 'app': 'blackbox-exporter' };
const SNMP_EXPORTER = { 'app': 'snmp-exporter' };
const INGRESS_NGINX = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };

/**
 * The ports Prometheus scrapes inside default: Prometheus 9090 (self) and every config-reloader 8080,
 * Alertmanager 9093 (also where Prometheus sends its alerts), Grafana 3000, kube-state-metrics 8080,
 * the operator's https 10250, blackbox-exporter 9115, snmp-exporter 9116 (and /probe, /snmp on them).
 */
const IN_NAMESPACE_SCRAPE_PORTS = [9090, 8080, 9093, 3000, 10250, 9115, 9116].map((port) => Port.tcp(port));

/** One scrape target of Prometheus outside default: the namespace, its metrics ports, and its metrics pods. */
export interface ScrapeTarget {
  readonly namespace: string;
  /**
   * Names the policy `allow-<name>-egress`, for a namespace with a second scrape target.
   * @default - `<namespace>-metrics`
   */
  readonly name?: string;
  readonly ports: readonly Port[];
  /** @default - every pod of the namespace */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** A protected namespace's own scrape ports and pods, so Prometheus's egress cannot drift from its ingress. */
function scrapeOf(namespace: string, props: ProtectedNamespaceProps): ScrapeTarget {
  if (props.prometheusScrapePorts === undefined) {
    throw new Error(`Namespace ${namespace} has no prometheusScrapePorts, so Prometheus has nothing to scrape there. Remove it from PROMETHEUS_SCRAPE_TARGETS in namespaces/default.ts.`);
  }
  return { namespace, ports: props.prometheusScrapePorts, podLabels: props.prometheusScrapePods };
}

/**
 * Every scrape target of Prometheus outside default and outside the node addresses. The protected
 * namespaces admit the Prometheus pods on their `prometheusScrapePorts`; this is the other half, read
 * from the same props (a test checks that every scraped protected namespace is listed). The exempt
 * namespaces have no ingress policy, so only this side exists for them; their ports are from the
 * homelab's ServiceMonitors and PodMonitors where it has them (see each entry).
 */
export const PROMETHEUS_SCRAPE_TARGETS: readonly ScrapeTarget[] = [
  scrapeOf('argo-events', argoEvents),
  scrapeOf('argo-workflows', argoWorkflows),
  scrapeOf('argocd', argocd),
  scrapeOf('cert-manager', certManager),
  scrapeOf('chaos-mesh', chaosMesh),
  scrapeOf('external-dns', externalDns),
  scrapeOf('external-secrets', externalSecrets),
  scrapeOf('falco', falco),
  scrapeOf('gatekeeper-system', gatekeeperSystem),
  scrapeOf('ingress-nginx', ingressNginx),
  scrapeOf('kafka', kafka),
  scrapeOf('localstack', localstack),
  scrapeOf('loki', loki),
  scrapeOf('metallb-system', metallbSystem),
  scrapeOf('oauth2-proxy', oauth2Proxy),
  scrapeOf('strimzi-system', strimziSystem),
  scrapeOf('tempo', tempo),
  scrapeOf('trivy-system', trivySystem),
  scrapeOf('unipoller', unipoller),
  scrapeOf('velero', velero),
  scrapeOf('uptime-kuma', uptimeKuma),
  scrapeOf('zot', zot),
  scrapeOf('synology-csi', synologyCsi),
  // synology-csi's second scrape target, admitted there by allow-prometheus-prober-scrape-ingress
  // (pvc-writability-prober's ServiceMonitor on 9310).
  { namespace: 'synology-csi', name: 'synology-csi-prober-metrics', ports: [Port.tcp(9310)], podLabels: { 'app.kubernetes.io/name': 'pvc-writability-prober' } },
  // Exempt namespaces: only this side exists.
  // calico-kube-controllers-servicemonitor.yaml: port metrics-port, the Tigera operator's 9094.
  { namespace: 'calico-system', ports: [Port.tcp(9094)], podLabels: { 'k8s-app': 'calico-kube-controllers' } },
  // istiod's ServiceMonitor (15014) and the ztunnel PodMonitor (15020); see istio-system's exemption.
  { namespace: 'istio-system', ports: [Port.tcp(15014), Port.tcp(15020)] },
  // The chart's coreDns ServiceMonitor (coreDns.service.port 9153).
  { namespace: 'kube-system', ports: [Port.tcp(9153)], podLabels: KUBE_DNS.podLabels },
];

/** Prometheus's egress to one scrape target: `allow-<namespace>-metrics-egress`, HBONE added where both are enrolled. */
function scrapeEgress(target: ScrapeTarget): EgressToNamespaceProps {
  return {
    peerName: target.name ?? `${target.namespace}-metrics`,
    namespace: target.namespace,
    podLabels: target.podLabels,
    ports: target.ports,
    appliesToPods: PROMETHEUS.podLabels,
  };
}

/**
 * The monitoring stack: kube-prometheus-stack 80.6.0 (imcbeth/homelab
 * manifests/applications/kube-prometheus-stack.yaml, values in manifests/base/kube-prometheus-stack/
 * values.yaml: Prometheus, Alertmanager with one replica, Grafana with its dashboard and datasource
 * sidecars searching every namespace, kube-state-metrics, the operator with its admission webhook on
 * tls.internalPort 10250, node-exporter), the homelab's blackbox-exporter and snmp-exporter
 * (plain manifests in the same folder), and the seed's throwaway `kubectl run test-pod`. Flows from
 * the homelab's own hand-written policy for default (manifests/base/network-policies/default/
 * network-policy.yaml), narrowed to the workload that needs each one, and from the chart values.
 * Pod labels and ports: prometheus-operator's StatefulSet builder and the chart templates, see the
 * inventory.
 *
 * node-exporter runs with hostNetwork: NetworkPolicy does not apply to it. Prometheus reaches it, the
 * kubelets, kube-proxy, the control-plane components and Felix at the node addresses (NODE_CIDR). The
 * policies with an empty podSelector (default-deny, allow-dns-egress, the cluster API and the
 * ambient probes) select it on paper, which the linter reports; they change nothing for it.
 *
 * default is in the Istio ambient mesh: ProtectedNamespace adds HBONE 15008 to every rule to or from
 * another enrolled namespace (and inside default) and admits the kubelet's probes from 169.254.7.127.
 *
 * The test pod gets DNS and the API (clusterApi selects every pod, see below) and nothing else: it is
 * not Prometheus, so the seed's check that it cannot reach localstack:4566 holds on both sides now.
 *
 * Not verified: the ports of the exempt namespaces' exporters marked as chart defaults; that the nodes
 * are all inside NODE_CIDR; the blackbox-exporter's probe targets (not in the stored manifests, so its
 * egress is what the homelab's policy allowed: HTTP(S) to the internet and the LAN); the SNMP devices'
 * addresses; Alertmanager's receivers (the SMTP relay is in a SealedSecret, so the port pair 587 and
 * 465 is the homelab policy's); whether the values install Grafana plugins (the version read sets
 * none, so Grafana gets no internet egress).
 */
export const defaultNamespace: ProtectedNamespaceProps = {
  // Every pod of default: the scraped pods (Prometheus, Alertmanager, Grafana, kube-state-metrics, the
  // operator, both exporters) share no label. The test pod and node-exporter listen on none of these.
  prometheusScrapePorts: IN_NAMESPACE_SCRAPE_PORTS,
  // The operator's validating and mutating webhooks (PrometheusRules, AlertmanagerConfigs): the API
  // server calls them on the pod's https 10250 from a node or tunnel address, never from a pod.
  apiServerWebhook: { ports: [Port.tcp(10250)], appliesToPods: OPERATOR },
  ingressFrom: [
    // grafana.k8s.n37.ca (grafana.ingress in the values) to the Grafana pod's 3000.
    { peerName: 'ingress-nginx', namespace: 'ingress-nginx', podLabels: INGRESS_NGINX, ports: [Port.tcp(3000)], appliesToPods: GRAFANA.podLabels },
    // Grafana's two default datasources: Prometheus (prometheus-operated:9090) and Alertmanager (9093).
    // Prometheus and Alertmanager share no label; Grafana's own egress names each of them.
    { peerName: 'grafana', ...GRAFANA, ports: [Port.tcp(9090), Port.tcp(9093)] },
    // Log-based alerts from Loki's ruler (loki's allow-alertmanager-egress selects every loki pod).
    { peerName: 'loki', namespace: 'loki', ports: [Port.tcp(9093)], appliesToPods: ALERTMANAGER.podLabels },
    // falcosidekick raises alerts for Falco events (falco's allow-alertmanager-egress).
    {
      peerName: 'falcosidekick',
      namespace: 'falco',
      podLabels: { 'app.kubernetes.io/name': 'falcosidekick', 'app.kubernetes.io/component': 'core' },
      ports: [Port.tcp(9093)],
      appliesToPods: ALERTMANAGER.podLabels,
    },
    // argo-workflows' cluster-healthcheck posts ClusterHealthDegraded (its allow-alertmanager-egress).
    {
      peerName: 'cluster-healthcheck',
      namespace: 'argo-workflows',
      podLabels: { 'app.kubernetes.io/name': 'cluster-healthcheck' },
      ports: [Port.tcp(9093)],
      appliesToPods: ALERTMANAGER.podLabels,
    },
    // Uptime Kuma's Grafana monitor (kube-prometheus-stack-grafana.default:80, target port 3000) and its
    // Prometheus monitor (9090/-/healthy): monitor-baseline-configmap.yaml. Uptime Kuma is exempt and
    // sends anywhere, so each monitor gets its own rule on the one pod it checks.
    { peerName: 'uptime-kuma-grafana', ...UPTIME_KUMA, ports: [Port.tcp(3000)], appliesToPods: GRAFANA.podLabels },
    { peerName: 'uptime-kuma-prometheus', ...UPTIME_KUMA, ports: [Port.tcp(9090)], appliesToPods: PROMETHEUS.podLabels },
  ],
  egressTo: [
    // Prometheus scrapes every pod of default it monitors and sends its alerts to Alertmanager 9093.
    { peerName: 'monitoring-targets', namespace: 'default', ports: IN_NAMESPACE_SCRAPE_PORTS, appliesToPods: PROMETHEUS.podLabels },
    ...PROMETHEUS_SCRAPE_TARGETS.map(scrapeEgress),
    // Grafana's datasources: Prometheus, Alertmanager, Loki (every loki pod admits Grafana on 3100) and Tempo.
    { peerName: 'prometheus-datasource', ...PROMETHEUS, ports: [Port.tcp(9090)], appliesToPods: GRAFANA.podLabels },
    { peerName: 'alertmanager-datasource', ...ALERTMANAGER, ports: [Port.tcp(9093)], appliesToPods: GRAFANA.podLabels },
    { peerName: 'loki-datasource', namespace: 'loki', ports: [Port.tcp(3100)], appliesToPods: GRAFANA.podLabels },
    { peerName: 'tempo-datasource', namespace: 'tempo', podLabels: { 'app.kubernetes.io/name': 'tempo' }, ports: [Port.tcp(3100)], appliesToPods: GRAFANA.podLabels },
    // blackbox-exporter's hostAliases pin argocd, grafana, workflows, localstack and falco .k8s.n37.ca to
    // the ingress-nginx controller's ClusterIP, which kube-proxy rewrites to a controller pod.
    { peerName: 'blackbox-ingress-nginx', namespace: 'ingress-nginx', podLabels: INGRESS_NGINX, ports: [Port.tcp(80), Port.tcp(443)], appliesToPods: BLACKBOX_EXPORTER },
  ],
  egressToIpBlocks: [
    // The scrape targets on the host network: kubelet 10250, node-exporter 9100, kube-proxy 10249,
    // kube-controller-manager 10257, kube-scheduler 10259, etcd 2381 (the chart's kubernetes
    // ServiceMonitors), the API server 6443 (kubeApiServer ServiceMonitor) and Felix 9091 (this app's
    // PodMonitor calico-felix).
    {
      peerName: 'nodes-metrics',
      ipBlock: IpBlock.ipv4(NODE_CIDR),
      ports: [10250, 9100, 10249, 10257, 10259, 2381, 6443, 9091].map((port) => Port.tcp(port)),
      appliesToPods: PROMETHEUS.podLabels,
    },
    // Alertmanager's email receiver: an SMTP relay on the internet (submission 587, SMTPS 465).
    { peerName: 'smtp', ipBlock: IpBlock.ipv4('0.0.0.0/0', PRIVATE_RANGES), ports: [Port.tcp(587), Port.tcp(465)], appliesToPods: ALERTMANAGER.podLabels },
    // A prober: its targets are set per probe, not in the manifests read, so HTTP and HTTPS anywhere on
    // the internet (the homelab's own policy) ...
    { peerName: 'blackbox-internet', ipBlock: IpBlock.ipv4('0.0.0.0/0', PRIVATE_RANGES), ports: [Port.tcp(80), Port.tcp(443)], appliesToPods: BLACKBOX_EXPORTER },
    // ... and on the LAN (80, 443, 8443), without the Service CIDR, which policy never sees.
    {
      peerName: 'blackbox-lan',
      ipBlock: IpBlock.ipv4('10.0.0.0/8', [SERVICE_CIDR]),
      ports: [Port.tcp(80), Port.tcp(443), Port.tcp(8443)],
      appliesToPods: BLACKBOX_EXPORTER,
    },
    // snmp-exporter polls the network devices on the LAN over SNMP (UDP 161); their addresses are not in git.
    { peerName: 'snmp-devices', ipBlock: IpBlock.ipv4('10.0.0.0/8', [SERVICE_CIDR]), ports: [Port.udp(161)], appliesToPods: SNMP_EXPORTER },
  ],
  // Prometheus (Kubernetes service discovery), the operator, kube-state-metrics and Grafana's sidecars
  // (ConfigMaps in every namespace) watch the API. They share no label, so every pod: the test pod and
  // the exporters get the API too, where their service account tokens grant nothing.
  clusterApi: true,
};
