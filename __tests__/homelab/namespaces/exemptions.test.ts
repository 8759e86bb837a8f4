import { HomelabApp } from '../../../homelab/app';
import { EXEMPT_NAMESPACES, exemptionProblems } from '../../../homelab/namespaces/exemptions';
import { ProtectedNamespace } from '../../../constructs';
import { loadCluster, netpolMatchers } from '../../../netpol/testing/netpol-matchers';
import { protectedNamespaceNames } from '../support/synth';

expect.extend(netpolMatchers);

const protectedNames = protectedNamespaceNames();
const INVENTORY = 'inventory/workloads.yaml';
// dist/ with the inventory, read once for the tests that ask it.
let loaded: ReturnType<typeof loadCluster> | undefined;
const cluster = () => (loaded ??= loadCluster(['dist', INVENTORY]));
const exemptNames = Object.keys(EXEMPT_NAMESPACES);
// The cluster's namespaces are the protected ones and the exempt ones: a namespace is one or the other.
const clusterNamespaces = [...protectedNames, ...exemptNames];

describe('default deny coverage of the real cluster', () => {
  test('every exemption names a namespace and has a reason', () => {
    expect(exemptionProblems(EXEMPT_NAMESPACES)).toEqual([]);
  });

  test('no namespace is both protected and exempt', () => {
    expect(protectedNames.filter((name) => exemptNames.includes(name))).toEqual([]);
  });

  test('EXEMPT_NAMESPACES is sorted, so a comparison with kubectl diffs cleanly', () => {
    expect([...exemptNames].sort()).toEqual(exemptNames);
  });

  test('the system namespaces of the issue are all accounted for, each exactly once', () => {
    for (const name of ['kube-system', 'kube-public', 'kube-node-lease', 'default', 'calico-system', 'calico-apiserver', 'tigera-operator', 'argocd']) {
      expect(protectedNames.includes(name) !== exemptNames.includes(name)).toBe(true);
    }
  });

  test('a namespace composed and also exempt fails synth with the fix', () => {
    const app = new HomelabApp();
    new ProtectedNamespace(app, 'kube-public');
    expect(() => app.resolve()).toThrow('[kube-public] Namespace "kube-public" is composed as protected and also listed as exempt. '
      + 'Remove it from the exempt namespaces, or do not compose it.');
  });

  test('argocd, protected now, keeps the flows its exemption named: git, the API server, ingress-nginx, redis, dex', () => {
    // The former exemption listed the flows protecting argocd must keep; a wrong rule there stops every sync.
    const { flow } = cluster();
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

  test('every namespace the workload inventory declares is protected or exempt', () => {
    // The Namespace objects of the inventory, as the analyzer read them (namespaces only used have no source).
    const declared = cluster().model.namespaces.filter((namespace) => namespace.source?.file === INVENTORY).map((namespace) => namespace.name);
    expect(declared.length).toBeGreaterThan(0);
    for (const name of declared) expect(clusterNamespaces).toContain(name);
  });
});

describe('exemptionProblems', () => {
  test('an empty or blank reason is reported', () => {
    expect(exemptionProblems({ a: { reason: '' }, b: { reason: '  ' } })).toEqual([
      'Exempt namespace a has an empty reason. Say what runs there and what default deny would break.',
      'Exempt namespace b has an empty reason. Say what runs there and what default deny would break.',
    ]);
  });

  test('names that are not DNS-1123 labels are reported', () => {
    const long = 'a'.repeat(64);
    expect(exemptionProblems({ 'Kube_System': { reason: 'x' }, [long]: { reason: 'x' } })).toEqual([
      '"Kube_System" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), so it cannot be a namespace.',
      `"${long}" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), so it cannot be a namespace.`,
    ]);
  });

  test('good exemptions give no problem', () => {
    expect(exemptionProblems({ 'kube-public': { reason: 'Holds no pods.' } })).toEqual([]);
  });
});
