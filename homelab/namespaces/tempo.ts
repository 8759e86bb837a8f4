import { Construct } from 'constructs';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

/** Tempo's pods (the chart's app.kubernetes.io/name), behind the Service tempo.tempo. */
export const TEMPO = Pods.select('tempo', 'tempo', { 'app.kubernetes.io/name': 'tempo' });

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
export class Tempo extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'tempo', {
      // The chart's ServiceMonitor (serviceMonitor.enabled) scrapes the Service port tempo-prom-metrics,
      // target port 3100; its second endpoint, jaeger-metrics, exists only with the tempo-query sidecar.
      prometheusScrapePorts: [TEMPO_HTTP],
      // Its clients declare their flows: Grafana's Tempo datasource (default), Alloy's OTLP gRPC export
      // (loki; the other receivers, 4318, Jaeger, Zipkin and OpenCensus, have no configured sender and stay
      // closed) and Uptime Kuma's "Tempo" monitor (uptime-kuma).
    });
  }
}
