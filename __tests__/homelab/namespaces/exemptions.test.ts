import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CLUSTER_NAMESPACES } from '../../../homelab/cluster';
import { PROTECTED_NAMESPACES } from '../../../homelab/namespaces';
import { coverageProblems, EXEMPT_NAMESPACES } from '../../../homelab/namespaces/exemptions';
import { loadCluster, netpolMatchers } from '../../../netpol/testing/netpol-matchers';

expect.extend(netpolMatchers);

const protectedNames = Object.keys(PROTECTED_NAMESPACES);
const exemptNames = Object.keys(EXEMPT_NAMESPACES);

describe('default deny coverage of the real cluster', () => {
  test('every cluster namespace is protected or exempt, exactly one; every exemption has a reason; all are cluster namespaces', () => {
    expect(coverageProblems(CLUSTER_NAMESPACES, protectedNames, EXEMPT_NAMESPACES)).toEqual([]);
  });

  test('the accounting adds up: protected plus exempt is the cluster', () => {
    expect([...protectedNames, ...exemptNames].sort()).toEqual([...CLUSTER_NAMESPACES].sort());
  });

  test('CLUSTER_NAMESPACES is sorted, so a refresh from kubectl diffs cleanly', () => {
    expect([...CLUSTER_NAMESPACES].sort()).toEqual(CLUSTER_NAMESPACES);
  });

  test('the system namespaces of the issue are all accounted for', () => {
    for (const name of ['kube-system', 'kube-public', 'kube-node-lease', 'default', 'calico-system', 'calico-apiserver', 'tigera-operator', 'argocd']) {
      expect(CLUSTER_NAMESPACES).toContain(name);
      expect(protectedNames.includes(name) !== exemptNames.includes(name)).toBe(true);
    }
  });

  test('argocd, protected now, keeps the flows its exemption named: git, the API server, ingress-nginx, redis, dex', () => {
    // The former exemption listed the flows protecting argocd must keep; a wrong rule there stops every sync.
    const { flow } = loadCluster(['dist', 'inventory/workloads.yaml']);
    expect(exemptNames).not.toContain('argocd');
    expect(flow('argocd/argocd-repo-server', '140.82.112.3', 'TCP/22')).toBeAllowed();
    expect(flow('argocd/argocd-repo-server', '185.199.108.153', 'TCP/443')).toBeAllowed();
    for (const component of ['argocd-application-controller', 'argocd-server', 'argocd-applicationset-controller', 'argocd-notifications-controller']) {
      expect(flow(`argocd/${component}`, '10.96.0.1', 'TCP/443')).toBeAllowed();
    }
    expect(flow('ingress-nginx/ingress-nginx-controller', 'argocd/argocd-server', 'TCP/8080')).toBeAllowed();
    for (const client of ['argocd-server', 'argocd-repo-server', 'argocd-application-controller']) {
      expect(flow(`argocd/${client}`, 'argocd/argocd-redis', 'TCP/6379')).toBeAllowed();
    }
    expect(flow('argocd/argocd-server', 'argocd/argocd-dex-server', 'TCP/5556')).toBeAllowed();
    expect(flow('argocd/argocd-server', 'argocd/argocd-dex-server', 'TCP/5557')).toBeAllowed();
    expect(flow('argocd/argocd-dex-server', '140.82.112.3', 'TCP/443')).toBeAllowed();
  });

  test('every namespace the workload inventory declares is a cluster namespace', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../inventory/workloads.yaml'), 'utf-8');
    const declared = parseAllDocuments(text)
      .map((doc) => doc.toJS() as { kind?: string; metadata?: { name?: string } } | null)
      .filter((object) => object?.kind === 'Namespace')
      .map((object) => object!.metadata!.name!);
    expect(declared.length).toBeGreaterThan(0);
    for (const name of declared) expect(CLUSTER_NAMESPACES).toContain(name);
  });
});

describe('coverageProblems', () => {
  const reason = { reason: 'Holds no pods.' };

  test('a namespace that is neither protected nor exempt is reported as open without a reason', () => {
    expect(coverageProblems(['a', 'b'], ['a'], {})).toEqual([
      'Namespace b is neither protected nor exempt, so it has no default deny and no reason why. '
        + 'Protect it (namespaces/<ns>.ts and PROTECTED_NAMESPACES) or add it to EXEMPT_NAMESPACES with the reason.',
    ]);
  });

  test('a namespace both protected and exempt is reported', () => {
    expect(coverageProblems(['a'], ['a'], { a: reason })).toEqual([
      'Namespace a is both protected and exempt. Remove it from EXEMPT_NAMESPACES (namespaces/exemptions.ts).',
    ]);
  });

  test('protected and exempt namespaces the cluster does not have are reported', () => {
    expect(coverageProblems(['a'], ['a', 'typo'], { gone: reason })).toEqual([
      'Protected namespace typo is not in CLUSTER_NAMESPACES (cluster.ts). Add it there if the cluster has it, or fix the name.',
      'Exempt namespace gone is not in CLUSTER_NAMESPACES (cluster.ts). Remove the exemption, or add the namespace there if the cluster has it.',
    ]);
  });

  test('an empty or blank reason is reported', () => {
    expect(coverageProblems(['a', 'b'], [], { a: { reason: '' }, b: { reason: '  ' } })).toEqual([
      'Exempt namespace a has an empty reason. Say what runs there and what default deny would break.',
      'Exempt namespace b has an empty reason. Say what runs there and what default deny would break.',
    ]);
  });

  test('names that are not DNS-1123 labels are reported, wherever they are listed', () => {
    const long = 'a'.repeat(64);
    const problems = coverageProblems(['Kube_System', long], ['Kube_System'], { [long]: reason });
    expect(problems).toEqual([
      '"Kube_System" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), so it cannot be a namespace.',
      `"${long}" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), so it cannot be a namespace.`,
    ]);
  });

  test('a namespace listed twice in the cluster is reported', () => {
    expect(coverageProblems(['a', 'a'], ['a'], {})).toEqual(['Namespace a is listed twice in CLUSTER_NAMESPACES.']);
  });
});
