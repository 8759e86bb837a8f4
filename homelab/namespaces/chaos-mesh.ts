import { Construct } from 'constructs';
import { IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';

// Pod labels from the chart's templates (app.kubernetes.io/component per workload, release chaos-mesh).
const CONTROLLER = Pods.select('chaos-mesh', 'controller-manager', { 'app.kubernetes.io/component': 'controller-manager' });
const DAEMON = Pods.select('chaos-mesh', 'chaos-daemon', { 'app.kubernetes.io/component': 'chaos-daemon' });
const DNS_SERVER = Pods.select('chaos-mesh', 'chaos-dns-server', { 'app.kubernetes.io/component': 'chaos-dns-server' });

const DAEMON_GRPC = Port.tcp(31767);
const DNS_SERVER_GRPC = Port.tcp(9288);

/**
 * Chaos Mesh (chart chaos-mesh 2.8.2, imcbeth/homelab manifests/applications/chaos-mesh.yaml and
 * manifests/base/chaos-mesh/): the controller-manager runs the experiments (Schedules: pod-kill on
 * Prometheus, network delay on Loki, CPU stress on unipoller, pod failure on node04), the chaos-daemon
 * on every node injects the faults into the target pods' namespaces and cgroups (hostPID, so it needs
 * no connection to the targets), the dashboard shows them, and chaos-dns-server serves DNSChaos.
 * Templates: chaos-mesh/chaos-mesh helm/chaos-mesh/templates/ (see the inventory for which).
 *
 * The dashboard has no Ingress and a ClusterIP Service in the homelab, so it is reached with
 * `kubectl port-forward`, which enters the pod's network namespace on the node and is not seen by
 * NetworkPolicy: it gets no ingress rule. DNSChaos is not used by the homelab's experiments and is not
 * supported here: see the known gap in homelab/spec/known-gaps.ts.
 */
export class ChaosMesh extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'chaos-mesh', {
      // manifests/base/chaos-mesh/servicemonitor.yaml scrapes the controller-manager Service's port http
      // (10080); the chart's own monitors are off (prometheus.create false), so nothing else is scraped.
      prometheusScrapePorts: [Port.tcp(10080)],
      prometheusScrapePods: CONTROLLER.labels,
      // The validating and mutating webhooks: the Service chaos-mesh-controller-manager:443 forwards to the
      // container port 10250 (imcbeth/k8s-docs-n37 docs/applications/chaos-mesh.md, "Webhook Port", chart 2.8.3,
      // and the owner's hand-written policy); see ApiServerWebhook for why any source.
      apiServerWebhook: { ports: [Port.tcp(10250)], appliesToPods: CONTROLLER.labels },
      egressTo: [
        // The controller finds the daemon on the target's node through the chaos-daemon endpoints (pod
        // IPs, hostNetwork is off) and calls its gRPC port over mutual TLS.
        { from: CONTROLLER, to: DAEMON, ports: [DAEMON_GRPC] },
        // DNSChaos: the controller programs the DNS server's k8s_dns_chaos plugin over gRPC.
        { from: CONTROLLER, to: DNS_SERVER, ports: [DNS_SERVER_GRPC] },
      ],
      // The controller-manager (experiments, pod kill and failure through the API), the dashboard (reads
      // the experiments) and the DNS server (k8s_dns_chaos watches pods) use the API. The chaos-daemon does
      // not (its only RBAC is an optional PodSecurityPolicy), but no one label set selects the other three
      // without it, so every pod of the namespace gets the rule.
      clusterApi: true,
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('chaos-mesh'), to: Pods.all('chaos-mesh'),
          reason: 'Inside chaos-mesh: every pod could reach the dashboard (2333), the controller (10080) and the daemon (31766, 31767); '
            + 'now the controller reaches the daemon on 31767 and the DNS server on 9288 only (the dashboard is reached by port-forward, '
            + 'Prometheus scrapes 10080; no ServiceMonitor scrapes the daemon\'s 31766)',
        },
        {
          from: Pods.all('chaos-mesh'), to: IpBlock.ipv4('0.0.0.0/0'), ports: [Port.tcp(443)],
          reason: 'Internet HTTPS: every pod could reach it; no Chaos Mesh component calls anything outside the cluster',
        },
        {
          to: Pods.all('chaos-mesh'), ports: [Port.tcp(10250)],
          reason: 'The webhook port 10250: open on every pod; now on the controller-manager only, where the webhook listens',
        },
      ],
    });
  }
}
