/**
 * Times the whole `netpol list` pipeline (YAML text → model → connections → txt) on synthetic clusters.
 * Each case runs in its own Node process so one case's garbage does not inflate the next one's memory.
 * Usage: npm run bench:analyzer            (all cases)
 *        npm run bench:analyzer -- <case>  (one case, prints a JSON line)
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { formatConnections, listConnections, loadManifests } from '../netpol/analyzer';

interface BenchCase {
  readonly name: string;
  readonly workloads: number;
  /**
   * 'namespace': a default deny plus one allow policy per namespace; 'workload': that deny plus one policy
   * per workload; 'none': no policy, so every pair is a line (the output-bound worst case).
   */
  readonly policies: 'namespace' | 'workload' | 'none';
}

const CASES: readonly BenchCase[] = [
  { name: '100 workloads, 2 policies/namespace', workloads: 100, policies: 'namespace' },
  { name: '500 workloads, 2 policies/namespace', workloads: 500, policies: 'namespace' },
  { name: '2000 workloads, 2 policies/namespace', workloads: 2000, policies: 'namespace' },
  { name: '2000 workloads, 2000 policies', workloads: 2000, policies: 'workload' },
  { name: '500 workloads, no policy', workloads: 500, policies: 'none' },
  { name: '1000 workloads, no policy', workloads: 1000, policies: 'none' },
];

const WORKLOADS_PER_NAMESPACE = 10;
const TIERS = ['frontend', 'backend', 'backend', 'db', 'worker'];

/** A homelab-like cluster: namespaces of ten apps in tiers, default-deny, DNS egress, tier-to-tier allows. */
function generate(bench: BenchCase): string {
  const documents: object[] = [];
  const namespaces = Math.ceil(bench.workloads / WORKLOADS_PER_NAMESPACE);
  documents.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
  documents.push(deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', containerPort: 53, protocol: 'UDP' }]));
  for (let n = 0; n < namespaces; n++) {
    const namespace = `ns-${n}`;
    documents.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { team: `team-${n % 7}`, env: n % 3 === 0 ? 'prod' : 'dev' } } });
    for (let w = 0; w < WORKLOADS_PER_NAMESPACE && n * WORKLOADS_PER_NAMESPACE + w < bench.workloads; w++) {
      const tier = TIERS[w % TIERS.length];
      documents.push(deployment(namespace, `app-${w}`, { app: `app-${w}`, tier, 'app.kubernetes.io/part-of': namespace }, [{ name: 'http', containerPort: 8080 + (w % 3) }]));
      if (bench.policies === 'workload') documents.push(workloadPolicy(namespace, w, tier));
    }
    if (bench.policies === 'none') continue;
    documents.push(policy(namespace, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    if (bench.policies === 'namespace') {
      documents.push(
        policy(namespace, 'allow-tiers', {
          podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'db'] }] },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [
            { from: [{ podSelector: { matchLabels: { tier: 'frontend' } } }], ports: [{ port: 'http' }] },
            { from: [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { tier: 'worker' } } }], ports: [{ port: 8080, endPort: 8082 }] },
          ],
          egress: [
            { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] },
            { to: [{ ipBlock: { cidr: `10.${n % 256}.0.0/16`, except: [`10.${n % 256}.1.0/24`] } }], ports: [{ port: 443 }] },
          ],
        }),
      );
    }
  }
  return documents.map((d) => stringify(d)).join('---\n');
}

function workloadPolicy(namespace: string, index: number, tier: string): object {
  const egress: object[] = [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] }];
  if (tier === 'frontend') egress.push({ to: [{ podSelector: { matchLabels: { tier: 'backend' } } }], ports: [{ port: 'http' }] });
  if (index % 4 === 0) egress.push({ to: [{ ipBlock: { cidr: `192.168.${index % 200}.0/24` } }], ports: [{ port: 443 }] });
  return policy(namespace, `app-${index}`, {
    podSelector: { matchLabels: { app: `app-${index}` } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: `app-${(index + 1) % WORKLOADS_PER_NAMESPACE}` } } }, { namespaceSelector: { matchLabels: { team: 'team-0' } }, podSelector: { matchLabels: { tier: 'frontend' } } }], ports: [{ port: 'http' }] }],
    egress,
  });
}

function deployment(namespace: string, name: string, labels: Record<string, string>, ports: object[]): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'example', ports }] } } },
  };
}

function policy(namespace: string, name: string, spec: object): object {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

function runOne(bench: BenchCase): void {
  const text = generate(bench);
  let peakRss = 0;
  let peakHeap = 0;
  // The pipeline is synchronous, so memory is sampled between its phases rather than by a timer.
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  sample();
  const start = performance.now();
  const model = loadManifests([{ path: 'bench.yaml', text }]);
  sample();
  const loaded = performance.now();
  const connections = listConnections(model);
  sample();
  const listed = performance.now();
  const output = formatConnections(connections, 'txt');
  sample();
  const end = performance.now();
  console.log(
    JSON.stringify({
      name: bench.name,
      workloads: model.workloads.length,
      policies: model.policies.length,
      lines: connections.length,
      outputBytes: output.length,
      loadMs: Math.round(loaded - start),
      listMs: Math.round(listed - loaded),
      formatMs: Math.round(end - listed),
      totalMs: Math.round(end - start),
      peakRssMb: Math.round(peakRss / 2 ** 20),
      peakHeapMb: Math.round(peakHeap / 2 ** 20),
    }),
  );
}

function main(): void {
  const only = process.argv[2];
  if (only !== undefined) {
    const bench = CASES.find((c) => c.name === only);
    if (bench === undefined) throw new Error(`Unknown case "${only}"; cases: ${CASES.map((c) => c.name).join('; ')}`);
    runOne(bench);
    return;
  }
  console.log('| case | workloads | policies | output lines | load ms | list ms | format ms | total ms | peak RSS MB | peak heap MB |');
  console.log('|------|----------:|---------:|-------------:|--------:|--------:|----------:|---------:|------------:|-------------:|');
  for (const bench of CASES) {
    const child = spawnSync(process.execPath, ['-r', path.join(__dirname, 'ts-register.js'), __filename, bench.name], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`Case "${bench.name}" failed:\n${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!);
    console.log(`| ${r.name} | ${r.workloads} | ${r.policies} | ${r.lines} | ${r.loadMs} | ${r.listMs} | ${r.formatMs} | ${r.totalMs} | ${r.peakRssMb} | ${r.peakHeapMb} |`);
  }
}

main();
