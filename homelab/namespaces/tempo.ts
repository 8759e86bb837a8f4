import { GRAFANA, UPTIME_KUMA } from '../cluster';
import { Port, ProtectedNamespaceProps } from '../../constructs';

/** Alloy's pods in the loki namespace (grafana/alloy chart selectorLabels, release "alloy"). */
export const ALLOY = { namespace: 'loki', podLabels: { 'app.kubernetes.io/name': 'alloy' } } as const;

/** Tempo's HTTP port: the query API Grafana reads and the metrics Prometheus scrapes. */
export const TEMPO_HTTP = Port.tcp(3100);
/** The OTLP gRPC receiver Alloy exports traces to. */
export const TEMPO_OTLP_GRPC = Port.tcp(4317);

/**
 * tempo: Grafana Tempo, the trace store, as one StatefulSet in single-binary mode (chart grafana/tempo
 * 1.24.4, imcbeth/homelab manifests/applications/tempo.yaml and manifests/base/tempo/values.yaml).
 * Traces come in from Alloy, the only sender the homelab configures (manifests/base/alloy/values.yaml:
 * `otelcol.exporter.otlp "tempo"` to tempo.tempo.svc.cluster.local:4317; applications send OTLP to
 * Alloy, not to Tempo). Grafana queries it (the datasource ConfigMap in manifests/base/tempo points at
 * tempo.tempo.svc.cluster.local:3100) and Prometheus scrapes it. It needs nothing but DNS outward:
 * storage is the local PersistentVolume (`storage.trace.backend: local`, an iSCSI LUN attached by the
 * node, not by the pod), `reportingEnabled: false` stops the usage report to stats.grafana.org, and
 * the metrics generator, which would remote-write to Prometheus, is not enabled.
 * Not verified: that nothing else sends traces to Tempo directly (only the homelab repository was
 * searched), and the chart's port list at 1.24.4 (read at an earlier 1.x template).
 */
export const tempo: ProtectedNamespaceProps = {
  // The chart's ServiceMonitor (serviceMonitor.enabled) scrapes the Service port tempo-prom-metrics,
  // target port 3100; its second endpoint, jaeger-metrics, exists only with the tempo-query sidecar.
  prometheusScrapePorts: [TEMPO_HTTP],
  ingressFrom: [
    // The Tempo datasource (access: proxy) queries through the Grafana pod, on Tempo's HTTP port.
    { peerName: 'grafana', ...GRAFANA, ports: [TEMPO_HTTP] },
    // Alloy forwards every trace it receives over OTLP gRPC; the other receivers (4318, Jaeger,
    // Zipkin, OpenCensus) have no configured sender and stay closed.
    { peerName: 'alloy', ...ALLOY, ports: [TEMPO_OTLP_GRPC] },
    // Uptime Kuma's "Tempo" monitor checks /ready (manifests/base/uptime-kuma/monitor-baseline-configmap.yaml).
    // It is declared on tempo:3200, which the Service does not expose; Tempo serves HTTP on 3100, the port
    // admitted here, so the monitor works once its URL names 3100.
    { peerName: 'uptime-kuma', ...UPTIME_KUMA, ports: [TEMPO_HTTP] },
  ],
};
