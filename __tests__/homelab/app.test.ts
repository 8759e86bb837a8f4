import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { buildApp } from '../../main';
import { APPLICATION_CHART, CALICO_GLOBAL_CHART, CLUSTER_CHARTS, HomelabApp, MONITORING_CHART, collectWarnings, synthesize } from '../../homelab/app';
import { argoSyncsFile } from '../../netpol/argocd-glob';
import { Pods, Port, ProtectedNamespace } from '../../constructs';

function synthToTemp(): { app: HomelabApp; files: Map<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-app-'));
  const app = buildApp({ outdir: dir });
  app.synth();
  const files = new Map<string, string>();
  for (const chart of fs.readdirSync(dir)) {
    for (const file of fs.readdirSync(path.join(dir, chart))) {
      files.set(`${chart}/${file}`, fs.readFileSync(path.join(dir, chart, file), 'utf-8'));
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { app, files };
}

// One app, built as main.ts builds it and synthesized (which resolves it), that the tests reading its
// charts or its files share; the determinism test makes a second. (Each test built its own before.)
let synthesized: { app: HomelabApp; files: Map<string, string> } | undefined;
const sharedSynth = () => (synthesized ??= synthToTemp());

const resolvedCharts = (app: HomelabApp): Chart[] => {
  app.resolve();
  return app.node.children.filter((c): c is Chart => c instanceof Chart);
};

describe('buildApp', () => {
  test('has one chart per composed namespace, the cluster-wide Calico and monitoring charts and the Application chart', () => {
    const { app } = sharedSynth();
    expect(CLUSTER_CHARTS).toEqual([CALICO_GLOBAL_CHART, MONITORING_CHART]);
    expect(app.protectedNamespaceNames.length).toBeGreaterThan(0);
    expect(resolvedCharts(app).map((c) => c.node.id)).toEqual([...app.protectedNamespaceNames, CALICO_GLOBAL_CHART, MONITORING_CHART, APPLICATION_CHART]);
  });

  test('every object has an explicit name, the common labels and the sync wave (the Calico Tier one wave earlier)', () => {
    const objects = resolvedCharts(sharedSynth().app).flatMap((chart) => chart.toJson());
    expect(objects.length).toBeGreaterThan(0);
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
    const app = new HomelabApp();
    new ProtectedNamespace(app, 'velero');
    new ProtectedNamespace(app, 'loki');
    const policy = resolvedCharts(app).flatMap((chart) => chart.toJson())
      .find((object) => object.metadata.name === 'log-and-deny-protected-namespaces');
    expect(policy.spec.selector).toBe("projectcalico.org/namespace in {'loki', 'velero'}");
  });

  test('a bad port fails synth naming this file and the prop, with the fix and without a stack trace', () => {
    const app = new HomelabApp();
    const errors: string[] = [];
    expect(() => new ProtectedNamespace(app, 'velero', { prometheusScrapePorts: [Port.tcp(70000)] })).toThrow(
      /^__tests__\/homelab\/app\.test\.ts:\d+: \[velero\] prometheusScrapePorts: ports\[0\]: Port 70000 is not a whole number from 1 to 65535\. Use a port in that range\.$/);
    const broken = new HomelabApp();
    new ProtectedNamespace(broken, 'velero', { egressTo: [{ to: Pods.all('kube-pubic'), ports: [Port.tcp(53)] }] });
    expect(synthesize(broken, { stderr: (text) => errors.push(text) })).toBe(1);
    expect(errors).toEqual([expect.stringMatching(/^Error: __tests__\/homelab\/app\.test\.ts:\d+: \[velero\] egressTo\[0\]: to kube-pubic \(every pod\) names namespace "kube-pubic", which is neither protected \(composed in main\.ts\) nor exempt\. Did you mean "kube-public"\?/)]);
    expect(errors[0]).not.toContain('    at ');
  });

  test('writes one folder per chart and one file per object, and nothing ArgoCD should not read', () => {
    // GIVEN / WHEN
    const { files } = sharedSynth();

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
    const { app, files } = sharedSynth();
    const application = resolvedCharts(app).find((chart) => chart.node.id === APPLICATION_CHART)!;
    const directory = application.toJson()[0].spec.source.directory;

    // WHEN
    const synced = [...files.keys()].filter((file) => argoSyncsFile(file, directory));

    // THEN
    // Everything but the Application's own folder.
    expect(synced).toEqual([...files.keys()].filter((file) => !file.startsWith(`${APPLICATION_CHART}/`)));
    expect(synced.filter((file) => file.startsWith(`${CALICO_GLOBAL_CHART}/`))).toEqual([
      'calico-global/GlobalNetworkPolicy.log-and-deny-protected-namespaces.k8s.yaml',
      'calico-global/GlobalNetworkPolicy.platform.allow-cluster-dns.k8s.yaml',
      'calico-global/Tier.platform.k8s.yaml',
    ]);
    expect(synced.some((file) => file.startsWith(`${APPLICATION_CHART}/`))).toBe(false);
    expect(argoSyncsFile('construct-metadata.json', directory)).toBe(false);
  });

  test('is deterministic: two synths give the same bytes', () => {
    expect(synthToTemp().files).toEqual(sharedSynth().files);
  });
});

describe('collectWarnings', () => {
  test('lists each warning once, with every construct path that raised it', () => {
    const app = new HomelabApp();
    const a = new ProtectedNamespace(app, 'a');
    const b = new ProtectedNamespace(app, 'b');
    a.node.addMetadata('warning', 'Check this.');
    b.node.addMetadata('warning', 'Check this.');
    b.node.addMetadata('warning', 'Something else.');
    expect(collectWarnings(app)).toEqual(['Check this. (2 places: a, b)', '[b] Something else.']);
  });

  test('the homelab app leaves no warning: every fact it needs is filled in', () => {
    expect(collectWarnings(buildApp())).toEqual([]);
  });
});
