import { Dashboard, Panel, datasourceVariable, logs, stat, text, timeseries } from './grafana';

/**
 * The Felix metrics the dashboard may query: each one is in the Calico Open Source metric
 * reference (docs.tigera.io, "Prometheus metrics" for Felix; tigera/docs
 * calico/reference/felix/prometheus.mdx). Open-source Calico has no per-policy deny counters
 * (`calico_denied_packets` is Calico Enterprise only), so denies come from the kernel log below.
 * The iptables metrics exist with the iptables data plane, the operator's default, which the
 * homelab's Installation does not change.
 */
export const FELIX_METRICS = [
  'felix_active_local_endpoints',
  'felix_active_local_policies',
  'felix_cluster_num_hosts',
  'felix_cluster_num_workload_endpoints',
  'felix_int_dataplane_failures',
  'felix_iptables_restore_errors',
  'felix_iptables_rules',
] as const;

/** Prometheus's own per-target series: 1 when the last scrape of a target succeeded. */
export const PROMETHEUS_METRICS = ['up'] as const;

/** The job label prometheus-operator gives the targets of a PodMonitor: `<namespace>/<name>`. */
export const FELIX_SCRAPE_JOB = 'default/calico-felix';

/**
 * The Loki stream of the nodes' kernel log, as the promtail journal job below labels it.
 * Calico's `Log` action writes there (kernel LOG rule, prefix `calico-packet`).
 */
export const KERNEL_LOG_STREAM = { job: 'node-kernel' } as const;

/** The prefix Felix gives its LOG rules (FelixConfiguration `logPrefix`, default). */
export const CALICO_LOG_PREFIX = 'calico-packet:';

/**
 * The promtail scrape job that ships the nodes' kernel messages to Loki with the labels the
 * dashboard selects on (`job`, `node`). The homelab's promtail only ships pod logs
 * (/var/log/pods), so this job has to be added; docs/calico.md shows it with the volumes it needs.
 */
export function promtailKernelScrapeConfig(): string {
  return [
    `- job_name: ${KERNEL_LOG_STREAM.job}`,
    '  journal:',
    '    path: /var/log/journal',
    '    max_age: 12h',
    '    labels:',
    `      job: ${KERNEL_LOG_STREAM.job}`,
    '  relabel_configs:',
    '    # Kernel messages only: Calico\'s LOG rule lines come with _TRANSPORT=kernel.',
    '    - source_labels: [__journal__transport]',
    '      regex: kernel',
    '      action: keep',
    '    - source_labels: [__journal__hostname]',
    '      target_label: node',
    '',
  ].join('\n');
}

const STREAM = `{job="${KERNEL_LOG_STREAM.job}"} |= "${CALICO_LOG_PREFIX}"`;

/** Builds the dashboard; the same input always gives the same JSON. */
export function networkPoliciesDashboard(): Dashboard {
  const panels: Panel[] = [
    text(1, 'About this dashboard', { x: 0, y: 0, w: 24, h: 4 },
      'Felix metrics (scraped by the PodMonitor `default/calico-felix`) and the packets Calico logged before denying them '
      + '(GlobalNetworkPolicy `log-and-deny-protected-namespaces`, kernel log lines `calico-packet: ...` shipped by the promtail '
      + `job \`${KERNEL_LOG_STREAM.job}\`). The log line has addresses, not namespaces: Calico v3.31.3 cannot put the policy or `
      + 'namespace in it. `IN=cali...` is egress from a pod on that node, `OUT=cali...` ingress to one. See docs/calico.md.'),
    stat(2, { title: 'Calico hosts', description: 'Nodes Felix knows of (felix_cluster_num_hosts).', gridPos: { x: 0, y: 4, w: 8, h: 4 },
      queries: [{ expr: 'max(felix_cluster_num_hosts)' }] }),
    stat(3, { title: 'Workload endpoints', description: 'Pods with a Calico endpoint, cluster-wide.', gridPos: { x: 8, y: 4, w: 8, h: 4 },
      queries: [{ expr: 'max(felix_cluster_num_workload_endpoints)' }] }),
    stat(4, { title: 'Felix targets up', description: 'calico-node pods whose metrics Prometheus scraped successfully.', gridPos: { x: 16, y: 4, w: 8, h: 4 },
      queries: [{ expr: `sum(up{job="${FELIX_SCRAPE_JOB}"})` }] }),
    timeseries(6, 'prometheus', { title: 'Active policies per node', description: 'Policies that select a local endpoint.', gridPos: { x: 0, y: 8, w: 12, h: 8 },
      queries: [{ expr: 'sum by (instance) (felix_active_local_policies)', legendFormat: '{{instance}}' }] }),
    timeseries(7, 'prometheus', { title: 'Active endpoints per node', description: 'Local workload and host endpoints.', gridPos: { x: 12, y: 8, w: 12, h: 8 },
      queries: [{ expr: 'sum by (instance) (felix_active_local_endpoints)', legendFormat: '{{instance}}' }] }),
    timeseries(8, 'prometheus', { title: 'Data plane failures', description: 'Failed data plane updates (retried) and iptables-restore errors, per second.', gridPos: { x: 0, y: 16, w: 12, h: 8 },
      queries: [
        { expr: 'sum by (instance) (rate(felix_int_dataplane_failures[5m]))', legendFormat: 'dataplane {{instance}}' },
        { expr: 'sum by (instance) (rate(felix_iptables_restore_errors[5m]))', legendFormat: 'iptables-restore {{instance}}' },
      ] }),
    timeseries(9, 'prometheus', { title: 'iptables rules per node', description: 'Active iptables rules Felix programmed.', gridPos: { x: 12, y: 16, w: 12, h: 8 },
      queries: [{ expr: 'sum by (instance) (felix_iptables_rules)', legendFormat: '{{instance}}' }] }),
    timeseries(10, 'loki', { title: 'Denied packets per node', description: 'Kernel log lines with the Calico prefix, per node, per 5 minutes.', gridPos: { x: 0, y: 24, w: 12, h: 8 },
      queries: [{ expr: `sum by (node) (count_over_time(${STREAM} [5m]))`, legendFormat: '{{node}}' }] }),
    timeseries(11, 'loki', { title: 'Denied packets by source', description: 'Top 10 source addresses of denied packets.', gridPos: { x: 12, y: 24, w: 12, h: 8 },
      queries: [{ expr: `topk(10, sum by (src) (count_over_time(${STREAM} | regexp "SRC=(?P<src>[0-9.]+)" [5m])))`, legendFormat: '{{src}}' }] }),
    timeseries(12, 'loki', { title: 'Denied packets by destination and port', description: 'Top 10 destination address, protocol and port of denied packets.', gridPos: { x: 0, y: 32, w: 24, h: 8 },
      queries: [{ expr: `topk(10, sum by (dst, proto, dpt) (count_over_time(${STREAM} | regexp "DST=(?P<dst>[0-9.]+) .*PROTO=(?P<proto>[A-Z0-9]+)( .*DPT=(?P<dpt>[0-9]+))?" [5m])))`,
        legendFormat: '{{dst}} {{proto}}/{{dpt}}' }] }),
    logs(13, { title: 'Denied packets (raw)', description: 'The kernel log lines themselves.', gridPos: { x: 0, y: 40, w: 24, h: 10 },
      queries: [{ expr: STREAM }] }),
  ];
  return {
    uid: 'homelab-network-policies',
    title: 'Network policies (Calico)',
    tags: ['calico', 'network-policy'],
    schemaVersion: 39,
    version: 1,
    editable: false,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    templating: { list: [datasourceVariable('prometheus'), datasourceVariable('loki')] },
    panels,
  };
}
