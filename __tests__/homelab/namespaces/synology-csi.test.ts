import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { synologyCsi } from '../../../homelab/namespaces/synology-csi';

describe('synology-csi', () => {
  // GIVEN the synology-csi composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'synology-csi', synologyCsi));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const MONITOR = { matchLabels: { 'app.kubernetes.io/name': 'pvc-mount-monitor' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has the two scrapes, the remediator to the monitors, the API, and no NAS rule (the driver is hostNetwork)', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape',
      'allow-prometheus-prober-scrape-ingress', 'allow-pvc-ro-remediator-ingress',
      'allow-pvc-mount-monitor-egress', 'allow-cluster-api-egress',
    ]);
    const ipBlocks = objects.flatMap((o) => (o.spec.egress ?? []).flatMap((rule: { to?: { ipBlock?: { cidr: string } }[] }) => rule.to ?? []))
      .filter((peer) => peer.ipBlock !== undefined).map((peer) => peer.ipBlock!.cidr);
    // The API Service IP only: no DSM (5000/5001) or iSCSI (3260) rule, which would select hostNetwork pods to no effect.
    expect(ipBlocks).toEqual(['10.96.0.1/32']);
  });

  test('Prometheus scrapes the monitor on 9300 and the prober on 9310, each on its own pods', () => {
    expect(byName('allow-prometheus-scrape').spec.podSelector).toEqual(MONITOR);
    expect(byName('allow-prometheus-scrape').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9300 }]);
    expect(byName('allow-prometheus-prober-scrape-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'pvc-writability-prober' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        }],
        ports: [{ protocol: 'TCP', port: 9310 }],
      }],
    });
  });

  test('the remediator alone reaches the monitor pods on 9300, and both ends say so', () => {
    const remediator = { matchLabels: { 'app.kubernetes.io/name': 'pvc-ro-remediator' } };
    expect(byName('allow-pvc-mount-monitor-egress').spec).toEqual({
      podSelector: remediator,
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'synology-csi' } }, podSelector: MONITOR }],
        ports: [{ protocol: 'TCP', port: 9300 }],
      }],
    });
    expect(byName('allow-pvc-ro-remediator-ingress').spec.podSelector).toEqual(MONITOR);
    expect(byName('allow-pvc-ro-remediator-ingress').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'synology-csi' } }, podSelector: remediator },
    ]);
  });
});
