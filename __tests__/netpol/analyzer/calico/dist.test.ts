import * as fs from 'node:fs';
import * as path from 'node:path';
import { analysisNotes, explain, formatConnections, formatExplanation, listConnections, loadManifests, type ManifestSource } from '../../../../netpol/analyzer';
import { readSources } from '../../../../netpol/cli/netpol';
import { diskYamlCache } from '../../../../netpol/cli/yaml-cache';

// Parsed YAML kept on disk between test files and runs (netpol/cli/yaml-cache.ts), as the CLI does.
const yamlCache = diskYamlCache();

/**
 * The project's own dist/ analysed end to end with its Calico objects evaluated (dist/calico-global:
 * the platform tier with the DNS GlobalNetworkPolicy, and log-and-deny-protected-namespaces after
 * the Kubernetes policies), plus the owner's hand-written ICMP policy.
 */
const ROOT = path.resolve(__dirname, '../../../..');
const ICMP_POLICY = path.resolve(ROOT, '../shared/homelab/handwritten-policies/default/calico-network-policy-allow-egress-icmp.yaml');
const GLOBAL = 'dist/calico-global';
const LOG_AND_DENY = `${GLOBAL}/GlobalNetworkPolicy.log-and-deny-protected-namespaces.k8s.yaml`;
/** dist/'s own ICMP policy for blackbox-exporter (IcmpEgress, order 900), which replaces the owner's. */
const OWN_ICMP = 'dist/default/NetworkPolicy.allow-blackbox-icmp-egress.k8s.yaml';

const all = readSources(['dist', 'inventory'], ROOT);
const without = (predicate: (source: ManifestSource) => boolean) => all.filter((source) => !predicate(source));
const listing = (sources: readonly ManifestSource[]) => formatConnections(listConnections(loadManifests(sources, { yamlCache })), 'txt');

describe('dist/ with Calico evaluated', () => {
  const model = loadManifests(all, { yamlCache });

  it('evaluates every Calico object of dist/: no note says anything was left out', () => {
    expect(model.calico!.policies.map((p) => `${p.kind} ${p.tier} ${p.name}`).sort()).toEqual([
      'GlobalNetworkPolicy default log-and-deny-protected-namespaces',
      'GlobalNetworkPolicy platform platform.allow-cluster-dns',
      'NetworkPolicy default allow-blackbox-icmp-egress',
    ]);
    expect(model.calico!.tiers.map((t) => [t.name, t.order, t.defaultAction])).toEqual([['platform', 100000, 'Pass']]);
    expect(model.calicoPolicies).toEqual([]);
    expect(analysisNotes(model)).toEqual([]);
  });

  it('changes no Kubernetes verdict: the listing equals the Kubernetes-only one, and log-and-deny changes nothing', () => {
    const withCalico = listing(all);
    expect(withCalico).toBe(listing(without((s) => s.path.startsWith(GLOBAL))));
    expect(withCalico).toBe(listing(without((s) => s.path === LOG_AND_DENY)));
    expect(withCalico.split('\n').length).toBeGreaterThan(700);
  });

  it('admits DNS to kube-dns through the platform tier for pods whose Kubernetes policies alone would not', () => {
    // GIVEN loki without its allow-dns-egress policy
    const noLokiDns = without((s) => s.path === 'dist/loki/NetworkPolicy.allow-dns-egress.k8s.yaml');
    const dnsLines = (text: string) => text.split('\n').filter((line) => line.startsWith('loki/') && line.includes('=> kube-system/coredns[Deployment]'));
    // WHEN listed with and without dist/calico-global THEN only the platform tier's GlobalNetworkPolicy gives loki DNS
    const withTier = dnsLines(listing(noLokiDns));
    expect(withTier.length).toBeGreaterThan(0);
    expect(withTier.every((line) => line.endsWith(' : TCP 53,UDP 53'))).toBe(true);
    expect(dnsLines(listing(noLokiDns.filter((s) => !s.path.startsWith(GLOBAL))))).toEqual([]);
    // AND explain shows the tier path that decided it
    const lokiModel = loadManifests(noLokiDns, { yamlCache });
    const from = lokiModel.workloads.find((w) => w.namespace === 'loki')!;
    const explanation = explain(lokiModel, { from: { type: 'workload', workload: from }, to: 'kube-system/coredns', port: 53, protocol: 'UDP' });
    expect(explanation.allowed).toBe(true);
    expect(formatExplanation(explanation).split('\n').slice(1, 5)).toEqual([
      `Egress from loki/${from.name}[${from.kind}]: allowed`,
      `  tier platform (order 100000, defaultAction Pass, ${GLOBAL}/Tier.platform.k8s.yaml:1):`,
      `    GlobalNetworkPolicy platform.allow-cluster-dns (order 100, ${GLOBAL}/GlobalNetworkPolicy.platform.allow-cluster-dns.k8s.yaml:1): spec.egress[0] (${GLOBAL}/GlobalNetworkPolicy.platform.allow-cluster-dns.k8s.yaml:12) Allow matches`,
      '    => allowed',
    ]);
    // AND DNS elsewhere than kube-dns still goes through the Kubernetes policies (log-and-deny denies it)
    expect(explain(lokiModel, { from: { type: 'workload', workload: from }, to: '8.8.8.8', port: 53, protocol: 'UDP' }).allowed).toBe(false);
  });

  it('denies through log-and-deny, logging first, what the Kubernetes policies do not admit', () => {
    const text = formatExplanation(explain(model, { from: 'loki/loki', to: '203.0.113.9', port: 22 }));
    expect(text).toContain(
      `    GlobalNetworkPolicy log-and-deny-protected-namespaces (order 10000, ${LOG_AND_DENY}:1): spec.egress[0] (${LOG_AND_DENY}:12) Log (logged, goes on); spec.egress[1] (${LOG_AND_DENY}:13) Deny matches`,
    );
    expect(text.startsWith('DENIED: loki/loki[StatefulSet] => 203.0.113.9[External] on TCP 22\n')).toBe(true);
  });
});

const OWNER_ICMP_AVAILABLE = fs.existsSync(ICMP_POLICY);
describe(OWNER_ICMP_AVAILABLE ? "the owner's ICMP policy (handwritten-policies/default), and dist/'s own"
  : `dist/'s ICMP policy; the owner's cases skip: ${ICMP_POLICY} not found (CI has ../shared)`, () => {
  const available = OWNER_ICMP_AVAILABLE;
  const icmp: ManifestSource[] = available ? [{ path: 'calico-network-policy-allow-egress-icmp.yaml', text: fs.readFileSync(ICMP_POLICY, 'utf8') }] : [];
  const blackboxToAddresses = (text: string) => text.split('\n').filter((line) => line.startsWith('default/blackbox-exporter[Deployment] => ') && /\[External\]/.test(line) && /ICMP/.test(line));
  it('dist/ admits blackbox-exporter\'s ICMP to its three targets through its own policy, before log-and-deny', () => {
    expect(blackboxToAddresses(listing(all))).toEqual([
      'default/blackbox-exporter[Deployment] => 10.0.1.1-10.0.1.1[External] : ICMP,TCP 80,443,8443',
      'default/blackbox-exporter[Deployment] => 10.0.1.204-10.0.1.204[External] : ICMP,TCP 80,443,8443',
      'default/blackbox-exporter[Deployment] => 8.8.8.8-8.8.8.8[External] : ICMP,TCP 80,443',
    ]);
    expect(formatExplanation(explain(model(), { from: 'default/blackbox-exporter', to: '8.8.8.8', port: 8, protocol: 'ICMP' })))
      .toContain('NetworkPolicy default/allow-blackbox-icmp-egress (order 900');
  });
  const model = () => loadManifests(all, { yamlCache });
  (available ? it : it.skip)('admits ICMP to its three addresses when nothing comes before it', () => {
    const sources = [...without((s) => s.path === LOG_AND_DENY || s.path === OWN_ICMP), ...icmp];
    expect(blackboxToAddresses(listing(sources))).toEqual([
      'default/blackbox-exporter[Deployment] => 10.0.1.1-10.0.1.1[External] : ICMP,TCP 80,443,8443',
      'default/blackbox-exporter[Deployment] => 10.0.1.204-10.0.1.204[External] : ICMP,TCP 80,443,8443',
      'default/blackbox-exporter[Deployment] => 8.8.8.8-8.8.8.8[External] : ICMP,TCP 80,443',
    ]);
  });
  (available ? it : it.skip)('is shadowed by log-and-deny: without an order it sorts after order 10000 in the default tier', () => {
    const sources = [...without((s) => s.path === OWN_ICMP), ...icmp];
    const model = loadManifests(sources, { yamlCache });
    expect(blackboxToAddresses(listing(sources))).toEqual([]);
    const explanation = explain(model, { from: 'default/blackbox-exporter', to: '8.8.8.8', port: 8, protocol: 'ICMP' });
    expect(explanation.allowed).toBe(false);
    expect(formatExplanation(explanation)).toContain('GlobalNetworkPolicy log-and-deny-protected-namespaces (order 10000');
  });
});
