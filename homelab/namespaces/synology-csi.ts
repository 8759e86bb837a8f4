import { Construct } from 'constructs';
import { PROMETHEUS } from '../cluster';
import { IpBlock, Pods, Port, ProtectedNamespace } from '../../constructs';

// Pod labels from imcbeth/homelab manifests/base/synology-csi/ (plain manifests, no chart).
const MOUNT_MONITOR = Pods.select('synology-csi', 'pvc-mount-monitor', { 'app.kubernetes.io/name': 'pvc-mount-monitor' });
const WRITABILITY_PROBER = Pods.select('synology-csi', 'pvc-writability-prober', { 'app.kubernetes.io/name': 'pvc-writability-prober' });
const RO_REMEDIATOR = Pods.select('synology-csi', 'pvc-ro-remediator', { 'app.kubernetes.io/name': 'pvc-ro-remediator' });
/** pvc-mount-monitor's exporter (container port `metrics`). */
const MOUNT_MONITOR_METRICS = Port.tcp(9300);

/**
 * synology-csi: the Synology CSI driver that backs every iSCSI PersistentVolume of the cluster, the
 * snapshot controller, and the homelab's read-only-remount tooling (imcbeth/homelab
 * manifests/applications/synology-csi.yaml, plain manifests in manifests/base/synology-csi/).
 *
 * The driver itself is outside NetworkPolicy: synology-csi-controller (controller.yml),
 * synology-csi-node (node.yml) and synology-csi-snapshotter (snapshotter/snapshotter.yml) all run with
 * hostNetwork: true, so their traffic is the node's: the DSM API on the NAS (5000/5001), the iSCSI
 * sessions (3260, opened by the node's iscsiadm) and the Kubernetes API. No policy here can admit or stop
 * it, and none is written for it (a known gap in homelab/spec/known-gaps.ts; protecting it needs a Calico
 * HostEndpoint policy). The namespace-wide policies below select those pods anyway, which the linter
 * reports (host-network-selected); default deny must select every pod to be default deny.
 *
 * On the pod network, and so protected here:
 * - snapshot-controller (external-snapshotter v8.6.0, deploy/kubernetes/snapshot-controller, moved into
 *   this namespace by the kustomization): watches and writes VolumeSnapshots through the API;
 * - pvc-mount-monitor (pvc-mount-monitor.yaml): a DaemonSet reading /proc, serving pvc_mount_readonly on
 *   9300 to Prometheus (a PodMonitor) and to pvc-ro-remediator;
 * - pvc-writability-prober (pvc-writability-prober.yaml): kubectl get and exec through the API, serving
 *   pvc_writable on 9310 to Prometheus (a ServiceMonitor);
 * - pvc-ro-remediator (pvc-ro-remediator.yaml, a CronJob): reads the monitors' endpoints through the API,
 *   scrapes each monitor pod directly on 9300, then cordons, deletes pods and watches VolumeAttachments;
 *   since homelab PR #753 it no longer queries Prometheus, so its old 9090 egress is not carried over;
 * - vsc-orphan-janitor (orphan-vsc-janitor.yaml, a CronJob): lists and deletes VolumeSnapshotContents.
 * No admission webhook: the kustomization includes the snapshot controller only, not the validation
 * webhook, so the hand-written policy's 9443 is not carried over.
 * Not verified: that the stored kustomization.yaml lists the tooling files (its stored version predates
 * them; the hand-written policy and the homelab's notes say they run), and the snapshot controller's pod
 * labels at v8.6.0 (from the homelab's patch, which selects app.kubernetes.io/name: snapshot-controller).
 */
export class SynologyCsi extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'synology-csi', {
      // The PodMonitor pvc-mount-monitor scrapes the DaemonSet's port `metrics`.
      prometheusScrapePorts: [MOUNT_MONITOR_METRICS],
      prometheusScrapePods: MOUNT_MONITOR.labels,
      ingressFrom: [
        // The ServiceMonitor pvc-writability-prober scrapes the prober's 9310; a policy of its own because
        // allow-prometheus-scrape is for the monitor's pods and port only.
        { from: PROMETHEUS, to: WRITABILITY_PROBER, ports: [Port.tcp(9310)] },
      ],
      egressTo: [
        // The remediator curls http://<monitor pod IP>:9300/metrics on every node, bypassing Prometheus.
        { from: RO_REMEDIATOR, to: MOUNT_MONITOR, ports: [MOUNT_MONITOR_METRICS] },
      ],
      // Four of the five pod-network workloads call the API (the snapshot controller, the prober, the
      // remediator, the janitor), and they share no label, so the rule selects every pod; pvc-mount-monitor
      // gets it without needing it. The hostNetwork pods reach the API as the node does, whatever this says.
      clusterApi: true,
      // What the owner's hand-written policies allowed here that this namespace no longer does (docs/migration.md).
      tightened: [
        {
          from: Pods.all('synology-csi'), to: IpBlock.ipv4('0.0.0.0/0'),
          reason: 'To the NAS (iSCSI 3260, DSM 5000-5001): the CSI controller, node plugin and snapshotter run with hostNetwork, so this '
            + 'traffic is the nodes\'; no pod on the pod network talks to the NAS',
        },
        {
          to: Pods.all('synology-csi'), ports: [MOUNT_MONITOR_METRICS, Port.tcp(9443)],
          reason: '9300 and 9443 from every source: the mount monitor\'s 9300 is for Prometheus and the remediator only, and no '
            + 'snapshot validation webhook is deployed that would listen on 9443',
        },
      ],
    });
  }
}
