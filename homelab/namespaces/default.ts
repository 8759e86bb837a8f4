import { Construct } from 'constructs';
import { ALERTMANAGER, GRAFANA, INGRESS_NGINX, NODE_CIDR, PRIVATE_RANGES, PROMETHEUS, SERVICE_CIDR, SYNOLOGY_NAS_IP, UNIFI_CONTROLLER_IP } from '../cluster';
import { EgressFlowProps, IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';
import { LOKI } from './loki';
import { TEMPO, TEMPO_HTTP } from './tempo';

// Pod labels as the charts and manifests render them (see inventory/workloads.yaml, "default").
const OPERATOR = { 'app': 'kube-prometheus-stack-operator' };
const BLACKBOX_EXPORTER = Pods.select('default', 'blackbox-exporter', { 'app': 'blackbox-exporter' });
const SNMP_EXPORTER = { 'app': 'snmp-exporter' };

/**
 * The ports Prometheus scrapes inside default: Prometheus 9090 (self) and every config-reloader 8080,
 * Alertmanager 9093 (also where Prometheus sends its alerts), Grafana 3000, kube-state-metrics 8080,
 * the operator's https 10250, blackbox-exporter 9115, snmp-exporter 9116 (and /probe, /snmp on them).
 */
const IN_NAMESPACE_SCRAPE_PORTS = [9090, 8080, 9093, 3000, 10250, 9115, 9116].map((port) => Port.tcp(port));

/**
 * Prometheus's scrape targets in the exempt namespaces, which have no policies of their own, so only
 * Prometheus's side exists. (The protected namespaces' targets are flows their own `prometheusScrapePorts`
 * declare.) Ports from the homelab's ServiceMonitors and PodMonitors.
 */
const EXEMPT_SCRAPE_TARGETS: readonly EgressFlowProps[] = [
  // calico-kube-controllers-servicemonitor.yaml: port metrics-port, the Tigera operator's 9094.
  { from: PROMETHEUS, to: Pods.select('calico-system', 'calico-kube-controllers', { 'k8s-app': 'calico-kube-controllers' }), ports: [Port.tcp(9094)] },
  // (kube-system and istio-system are protected: they declare the scrapes of CoreDNS, metrics-server,
  // sealed-secrets, istiod and ztunnel.)
];

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
export class DefaultNamespace extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'default', {
      // Every pod of default: the scraped pods (Prometheus, Alertmanager, Grafana, kube-state-metrics, the
      // operator, both exporters) share no label. The test pod and node-exporter listen on none of these.
      prometheusScrapePorts: IN_NAMESPACE_SCRAPE_PORTS,
      // The operator's validating and mutating webhooks (PrometheusRules, AlertmanagerConfigs): the API
      // server calls them on the pod's https 10250 from a node or tunnel address, never from a pod.
      apiServerWebhook: { ports: [Port.tcp(10250)], appliesToPods: OPERATOR },
      ingressFrom: [
        // grafana.k8s.n37.ca (grafana.ingress in the values) to the Grafana pod's 3000.
        { from: INGRESS_NGINX, to: GRAFANA, ports: [Port.tcp(3000)] },
        // (Loki's ruler, falcosidekick and argo-workflows' cluster-healthcheck send alerts to Alertmanager, and
        // Uptime Kuma's monitors check Grafana and Prometheus: flows those namespaces declare.)
      ],
      egressTo: [
        ...EXEMPT_SCRAPE_TARGETS,
        // Grafana's datasources: Prometheus (prometheus-operated:9090), Alertmanager (9093), Loki (every loki pod
        // serves 3100) and Tempo.
        { from: GRAFANA, to: PROMETHEUS, ports: [Port.tcp(9090)] },
        { from: GRAFANA, to: ALERTMANAGER, ports: [Port.tcp(9093)] },
        { from: GRAFANA, to: LOKI, ports: [Port.tcp(3100)] },
        { from: GRAFANA, to: TEMPO, ports: [TEMPO_HTTP] },
        // blackbox-exporter's hostAliases pin argocd, grafana, workflows, localstack and falco .k8s.n37.ca to
        // the ingress-nginx controller's ClusterIP, which kube-proxy rewrites to a controller pod.
        { from: BLACKBOX_EXPORTER, to: INGRESS_NGINX, ports: [Port.tcp(80), Port.tcp(443)] },
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
          appliesToPods: PROMETHEUS.labels,
        },
        // Alertmanager's email receiver: an SMTP relay on the internet (submission 587, SMTPS 465).
        { peerName: 'smtp', ipBlock: IpBlock.ipv4('0.0.0.0/0', PRIVATE_RANGES), ports: [Port.tcp(587), Port.tcp(465)], appliesToPods: ALERTMANAGER.labels },
        // A prober: its targets are set per probe, not in the manifests read, so HTTP and HTTPS anywhere on
        // the internet (the homelab's own policy) ...
        { peerName: 'blackbox-internet', ipBlock: IpBlock.ipv4('0.0.0.0/0', PRIVATE_RANGES), ports: [Port.tcp(80), Port.tcp(443)], appliesToPods: BLACKBOX_EXPORTER.labels },
        // ... and on the LAN (80, 443, 8443), without the Service CIDR, which policy never sees.
        {
          peerName: 'blackbox-lan',
          ipBlock: IpBlock.ipv4('10.0.0.0/8', [SERVICE_CIDR]),
          ports: [Port.tcp(80), Port.tcp(443), Port.tcp(8443)],
          appliesToPods: BLACKBOX_EXPORTER.labels,
        },
        // snmp-exporter polls the network devices on the LAN over SNMP (UDP 161); their addresses are not in git.
        { peerName: 'snmp-devices', ipBlock: IpBlock.ipv4('10.0.0.0/8', [SERVICE_CIDR]), ports: [Port.udp(161)], appliesToPods: SNMP_EXPORTER },
      ],
      // blackbox-exporter's icmp module pings the gateway, the NAS and a public resolver (the owner's Calico policy
      // allow-egress-icmp-calico, manifests/base/network-policies/default/, with the same three targets). Kubernetes
      // NetworkPolicy has no ICMP, so this is a Calico NetworkPolicy, ordered before log-and-deny (see IcmpEgress).
      icmpEgress: [{
        peerName: 'blackbox',
        appliesToPods: BLACKBOX_EXPORTER.labels!,
        destinations: [IpBlock.host(UNIFI_CONTROLLER_IP), IpBlock.host(SYNOLOGY_NAS_IP), IpBlock.host('8.8.8.8')],
      }],
      // Prometheus (Kubernetes service discovery), the operator, kube-state-metrics and Grafana's sidecars
      // (ConfigMaps in every namespace) watch the API. They share no label, so every pod: the test pod and
      // the exporters get the API too, where their service account tokens grant nothing.
      clusterApi: true,
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('default'), to: IpBlock.ipv4('0.0.0.0/0'),
          reason: 'Out of the cluster: every pod of default could reach the LAN and the internet on the monitoring, probe and mail ports '
            + '(80, 443, 8443, 161, 465, 587, the node ports); now blackbox-exporter probes HTTP(S) and pings, snmp-exporter polls 161, '
            + 'Alertmanager sends mail on 465 and 587, and Prometheus alone scrapes the node addresses',
        },
        {
          from: Pods.all('default'),
          reason: 'Into the cluster: every pod of default could reach every namespace (and default itself) on every scrape and UI port; '
            + 'now Prometheus reaches each target on its own declared scrape ports, Grafana its datasources, blackbox-exporter the '
            + 'ingress controller; the other pods (the test pod among them) reach nothing but DNS and the API',
        },
        {
          to: Pods.all('default'), ports: [Port.tcp(443)],
          reason: 'The operator webhook on 443: open on every pod of default; the operator\'s webhook listens on its container port 10250, '
            + 'which is what the API server reaches after the Service (allow-api-server-webhook-ingress on the operator pod)',
        },
      ],
    });
  }
}
