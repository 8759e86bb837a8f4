import { Construct } from 'constructs';
import { ALERTMANAGER } from '../cluster';
import { Pods, Port, ProtectedNamespace } from '../../constructs';
import { TEMPO, TEMPO_OTLP_GRPC } from './tempo';

/** Every pod of loki (Loki, Promtail, Alloy): Grafana's Loki datasource reaches them all on 3100. */
export const LOKI = Pods.all('loki');
/** The pods behind the `loki` Service (chart 6.x, SingleBinary): where pushes and probes go. */
export const LOKI_SERVER = Pods.select('loki', 'loki', { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/component': 'single-binary' });
/** Alloy's pods (grafana/alloy chart selectorLabels, release "alloy"). */
export const ALLOY = Pods.select('loki', 'alloy', { 'app.kubernetes.io/name': 'alloy' });
/** Loki's HTTP port: pushes, queries, /ready and /metrics. */
export const LOKI_HTTP = Port.tcp(3100);

const HTTP = LOKI_HTTP;
const GRPC = Port.tcp(9095);
const MEMBERLIST = Port.tcp(7946);

/**
 * Log aggregation; Promtail runs in the same namespace and pushes to Loki on 3100. Alloy, also here,
 * forwards traces to Tempo (see tempo.ts).
 *
 * loki is in the Istio ambient mesh, as is default: ProtectedNamespace adds HBONE 15008 to the rules
 * from Prometheus and Grafana, to Alertmanager and within the namespace, and admits the kubelet's probes
 * from 169.254.7.127 on every TCP port (the probe ports were not read from the charts). falco and tempo
 * are not enrolled, so their rules stay on the application ports.
 */
export class Loki extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'loki', {
      // Tightened: the seed admitted every pod in `default` on 3100; now only the Prometheus pods
      // (here) and the Grafana pods (their datasource flow, declared in default).
      prometheusScrapePorts: [HTTP],
      // (Grafana's Loki datasource, falcosidekick's pushes and Uptime Kuma's "Loki" monitor are flows their
      // namespaces declare.)
      // Tightened: log-based alerts go to the Alertmanager pods only, not to every pod in `default`.
      egressTo: [
        { to: ALERTMANAGER, ports: [Port.tcp(9093)] },
        // Alloy (the log collector that replaced Promtail, also the cluster's OTLP collector) forwards
        // the traces it receives to Tempo over OTLP gRPC (imcbeth/homelab manifests/base/alloy/values.yaml:
        // `otelcol.exporter.otlp "tempo"` to tempo.tempo.svc.cluster.local:4317); only the Alloy pods send there.
        { from: ALLOY, to: TEMPO, ports: [TEMPO_OTLP_GRPC] },
      ],
      // Alloy is the cluster's OTLP collector: applications export traces to it on OTLP gRPC 4317 and HTTP 4318
      // (imcbeth/homelab manifests/base/alloy/values.yaml; the owner's policy opens both to every source). Which
      // pods send is not in the repository (an app in a protected namespace needs its egress declared), so the
      // two ports are open to any source, on the Alloy pods only.
      ingressFromAnySource: [{ peerName: 'otlp-senders', ports: [Port.tcp(4317), Port.tcp(4318)], appliesToPods: ALLOY.labels }],
      // Alloy discovers the pods whose logs it collects through the API server (discovery.kubernetes); the owner's
      // policy admits the API for it. Loki, Promtail and the canary read no Kubernetes objects.
      clusterApi: { appliesToPods: ALLOY.labels },
      // The seed had ingress from loki on 3100 (Promtail) and egress to loki on 3100, 9095 and 7946.
      // Deliberate fix: under default-deny the receiving pod needs ingress too, so without ingress
      // on 9095 (gRPC) and 7946 (memberlist) the seed's own egress rule for them was dead and the
      // Loki ring could not form. One policy now allows all three ports in both directions.
      withinNamespacePorts: [HTTP, GRPC, MEMBERLIST],
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('loki'), to: Pods.all('tempo'),
          reason: 'To Tempo: every pod of loki could send OTLP to every tempo pod; now Alloy alone, to the Tempo pods on 4317',
        },
        {
          to: Pods.all('loki'), ports: [Port.tcp(4317), Port.tcp(4318)],
          reason: 'OTLP: open on every pod of loki; now on the Alloy pods only, which run the receiver',
        },
      ],
    });
  }
}
