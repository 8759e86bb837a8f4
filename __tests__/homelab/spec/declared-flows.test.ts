import { checkDeclaredFlows, formatDeclaredFlowReport, pairKey } from '../../../homelab/spec/declared-flows';
import { formatPortSet } from '../../../netpol/analyzer';
import { KNOWN_GAPS } from '../../../homelab/spec/known-gaps';
import { loadCluster, netpolMatchers } from '../../../netpol/testing/netpol-matchers';
import { declaredFlows, protectedNamespaceNames } from '../support/synth';

expect.extend(netpolMatchers);

// The committed dist/ is what ArgoCD deploys (CI fails when a fresh synth differs), so it is what the
// declarations are held against, on the workloads of the inventory.
const cluster = loadCluster(['dist', 'inventory/workloads.yaml']);
const protectedNamespaces = new Set(protectedNamespaceNames());
const check = checkDeclaredFlows(declaredFlows(), cluster.model, protectedNamespaces);

describe('between protected namespaces, dist/ allows exactly the declared flows', () => {
  it('allows every declared flow on exactly its ports, and nothing else', () => {
    const report = formatDeclaredFlowReport(check, cluster.model);
    if (report !== '') {
      throw new Error(`The policies in dist/ and the flows declared in homelab/namespaces/ disagree. Run npm run synth, or fix the declaration.\n\n${report}`);
    }
    expect(check.unexpected).toEqual([]);
    expect(check.missing).toEqual([]);
  });

  it('is not vacuous: both ends of every flow between protected namespaces match inventory workloads', () => {
    // A flow whose pods match no workload would pass trivially: a wrong label, or a workload missing from the
    // inventory. (A flow from a workload to itself, such as ingress-nginx's hairpin, is listed by no analyzer.)
    const matches = (pods: { namespace: string; labels?: Readonly<Record<string, string>> }) => cluster.model.workloads.some((workload) =>
      workload.namespace === pods.namespace && Object.entries(pods.labels ?? {}).every(([key, value]) => workload.labels[key] === value));
    const vacuous = declaredFlows()
      .filter((flow) => protectedNamespaces.has(flow.from.namespace) && protectedNamespaces.has(flow.to.namespace))
      .filter((flow) => !matches(flow.from) || !matches(flow.to))
      .map((flow) => flow.where);
    expect(vacuous).toEqual([]);
  });

  it('expects every protected namespace\'s DNS lookups, to the kube-dns pods on UDP and TCP 53 only (kube-system is protected too)', () => {
    const coredns = cluster.model.workloads.find((workload) => workload.namespace === 'kube-system' && workload.name === 'coredns')!;
    const senders = cluster.model.workloads.filter((workload) => protectedNamespaces.has(workload.namespace) && workload !== coredns);
    expect(senders.map((workload) => workload.namespace)).toEqual(expect.arrayContaining(['istio-system', 'kube-system', 'velero']));
    for (const sender of senders) {
      const pair = check.expected.get(pairKey(sender, coredns));
      expect(pair?.declaredBy).toContain(`${sender.namespace} allow-dns-egress`);
    }
    expect(formatPortSet(check.actual.get(pairKey(cluster.model.workloads.find((workload) => workload.name === 'velero')!, coredns))!.ports)).toBe('TCP 53,UDP 53');
  });

  it('has workloads in the inventory for every protected namespace', () => {
    const empty = [...protectedNamespaces].filter((namespace) => !cluster.model.workloads.some((workload) => workload.namespace === namespace));
    expect(empty).toEqual([]);
  });
});

describe('known gaps (denied today on purpose, documented for the docs)', () => {
  const gaps = KNOWN_GAPS.flatMap((gap) => gap.deniedFlows.map((flow) => [gap.title, flow.from, flow.to, flow.port] as const));

  it.each(gaps)('%s: %s => %s on %s is still denied', (_title, from, to, port) => {
    // A gap that now passes was fixed: remove it from homelab/spec/known-gaps.ts.
    expect(cluster.flow(from, to, port as `TCP/${number}`)).toBeDenied();
  });
});
