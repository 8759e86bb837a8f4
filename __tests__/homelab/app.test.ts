import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { APPLICATION_CHART, CALICO_GLOBAL_CHART, CLUSTER_CHARTS, MONITORING_CHART, buildApp, collectWarnings } from '../../homelab/app';
import { argoSyncsFile } from '../../netpol/argocd-glob';
import { Port } from '../../constructs';

function synthToTemp(): { files: Map<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-app-'));
  buildApp({ outdir: dir }).synth();
  const files = new Map<string, string>();
  for (const chart of fs.readdirSync(dir)) {
    for (const file of fs.readdirSync(path.join(dir, chart))) {
      files.set(`${chart}/${file}`, fs.readFileSync(path.join(dir, chart, file), 'utf-8'));
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { files };
}

describe('buildApp', () => {
  test('has one chart per namespace, the cluster-wide Calico and monitoring charts and the Application chart', () => {
    const app = buildApp();
    expect(CLUSTER_CHARTS).toEqual([CALICO_GLOBAL_CHART, MONITORING_CHART]);
    expect(app.node.children.filter((c): c is Chart => c instanceof Chart).map((c) => c.node.id))
      .toEqual(['localstack', 'unipoller', 'loki', 'trivy-system', 'velero', 'cert-manager', 'external-dns', 'metallb-system', 'oauth2-proxy', 'tempo', 'lifeonabike', 'external-secrets', 'gatekeeper-system', 'falco', 'chaos-mesh', 'argo-events', 'argo-workflows', 'strimzi-system', 'kafka', 'flink-operator', 'flink-demo', 'default', 'argocd', 'ingress-nginx', 'uptime-kuma', 'zot', 'synology-csi', CALICO_GLOBAL_CHART, MONITORING_CHART, APPLICATION_CHART]);
  });

  test('every object has an explicit name, the common labels and the sync wave (the Calico Tier one wave earlier)', () => {
    const objects = buildApp().charts.flatMap((chart) => chart.toJson());
    expect(objects).toHaveLength(288);
    // The selector labels kube-prometheus-stack needs on the PodMonitor and the dashboard ConfigMap.
    const extraLabels: Record<string, Record<string, string>> = { PodMonitor: { release: 'kube-prometheus-stack' }, ConfigMap: { grafana_dashboard: '1' } };
    for (const object of objects) {
      // Calico policies in a tier other than default are named <tier>.<name>.
      expect(object.metadata.name).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)?$/);
      expect(object.metadata.labels).toEqual({
        'app.kubernetes.io/component': 'network-policy', 'app.kubernetes.io/managed-by': 'cdk8s', ...extraLabels[object.kind],
      });
      expect(object.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(object.kind === 'Tier' ? '-41' : '-40');
    }
  });

  test('the log-then-deny policy selects exactly the protected namespaces', () => {
    const policy = buildApp({ namespaces: { velero: {}, loki: {} } }).charts.flatMap((chart) => chart.toJson())
      .find((object) => object.metadata.name === 'log-and-deny-protected-namespaces');
    expect(policy.spec.selector).toBe("projectcalico.org/namespace in {'loki', 'velero'}");
  });

  test('takes other namespaces and a bad port fails with the construct path', () => {
    expect(() => buildApp({ namespaces: { velero: { prometheusScrapePorts: [Port.tcp(70000)] } } })).toThrow(
      '[velero/PrometheusScrape] Port 70000 is not a whole number from 1 to 65535. Use a port in that range.');
  });

  test('writes one folder per chart and one file per object, and nothing ArgoCD should not read', () => {
    // GIVEN / WHEN
    const { files } = synthToTemp();

    // THEN
    expect([...files.keys()].filter((file) => file.startsWith('velero/'))).toEqual([
      'velero/NetworkPolicy.allow-cluster-api-egress.k8s.yaml',
      'velero/NetworkPolicy.allow-dns-egress.k8s.yaml',
      'velero/NetworkPolicy.allow-external-https-egress.k8s.yaml',
      'velero/NetworkPolicy.allow-localstack-egress.k8s.yaml',
      'velero/NetworkPolicy.allow-prometheus-scrape.k8s.yaml',
      'velero/NetworkPolicy.default-deny.k8s.yaml',
    ]);
    expect([...files.keys()].every((file) => file.endsWith('.k8s.yaml'))).toBe(true);
  });

  test('the Application\'s include/exclude, under ArgoCD\'s glob rules, sync every policy and not the Application', () => {
    // GIVEN
    const { files } = synthToTemp();
    const application = buildApp().node.findChild(APPLICATION_CHART) as Chart;
    const directory = application.toJson()[0].spec.source.directory;

    // WHEN
    const synced = [...files.keys()].filter((file) => argoSyncsFile(file, directory));

    // THEN
    expect(synced).toHaveLength(287);
    expect(synced.filter((file) => file.startsWith(`${CALICO_GLOBAL_CHART}/`))).toEqual([
      'calico-global/GlobalNetworkPolicy.log-and-deny-protected-namespaces.k8s.yaml',
      'calico-global/GlobalNetworkPolicy.platform.allow-cluster-dns.k8s.yaml',
      'calico-global/Tier.platform.k8s.yaml',
    ]);
    expect(synced.some((file) => file.startsWith(`${APPLICATION_CHART}/`))).toBe(false);
    expect(argoSyncsFile('construct-metadata.json', directory)).toBe(false);
  });

  test('is deterministic: two synths give the same bytes', () => {
    expect(synthToTemp().files).toEqual(synthToTemp().files);
  });
});

describe('collectWarnings', () => {
  test('lists the ClusterApi warning of each namespace that needs the API, with its path', () => {
    const warnings = collectWarnings(buildApp());
    expect(warnings.map((warning) => warning.slice(0, warning.indexOf(']') + 1))).toEqual([
      '[trivy-system/ClusterApi]', '[velero/ClusterApi]', '[cert-manager/ClusterApi]', '[external-dns/ClusterApi]', '[metallb-system/ClusterApi]', '[external-secrets/ClusterApi]', '[gatekeeper-system/ClusterApi]', '[chaos-mesh/ClusterApi]', '[argo-events/ClusterApi]', '[argo-workflows/ClusterApi]',
      '[strimzi-system/ClusterApi]', '[kafka/ClusterApi]', '[flink-operator/ClusterApi]', '[flink-demo/ClusterApi]', '[default/ClusterApi]', '[argocd/ClusterApi]', '[ingress-nginx/ClusterApi]', '[uptime-kuma/ClusterApi]', '[synology-csi/ClusterApi]',
    ]);
    expect(warnings[0]).toContain('kubectl get endpointslice -n default -l kubernetes.io/service-name=kubernetes');
  });
});
