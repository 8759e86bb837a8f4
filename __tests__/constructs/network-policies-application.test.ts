import { Testing } from 'cdk8s';
import { argoSyncsFile } from '../../netpol/argocd-glob';
import { MANIFEST_INCLUDE, NetworkPoliciesApplication } from '../../constructs/network-policies-application';

describe('NetworkPoliciesApplication', () => {
  test('matches the snapshot', () => {
    const chart = new NetworkPoliciesApplication(Testing.app(), 'argocd-application');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('syncs dist/ recursively with automated prune and self-heal, never empty, retrying while the Calico API is not served', () => {
    // GIVEN
    const chart = new NetworkPoliciesApplication(Testing.app(), 'argocd-application');

    // WHEN
    const [application] = Testing.synth(chart);

    // THEN
    expect(application.metadata).toMatchObject({
      name: 'network-policies',
      namespace: 'argocd',
      annotations: { 'argocd.argoproj.io/sync-wave': '-40' },
    });
    expect(application.spec).toEqual({
      project: 'infrastructure',
      source: {
        repoURL: 'git@github.com:imcbeth/homelab.git',
        targetRevision: 'HEAD',
        path: 'manifests/network-policies/dist',
        directory: { recurse: true, include: '*.k8s.yaml', exclude: 'argocd-application/*' },
      },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true, allowEmpty: false },
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
      },
    });
  });

  test('takes the repository and path from props', () => {
    const chart = new NetworkPoliciesApplication(Testing.app(), 'argocd-application', {
      repoUrl: 'https://example.com/homelab.git', path: 'k8s/netpol/dist',
    });
    expect(Testing.synth(chart)[0].spec.source).toMatchObject({ repoURL: 'https://example.com/homelab.git', path: 'k8s/netpol/dist' });
  });

  test('excludes its own folder whatever the chart is called', () => {
    // GIVEN
    const chart = new NetworkPoliciesApplication(Testing.app(), 'gitops');
    const directory = { include: MANIFEST_INCLUDE, exclude: chart.exclude };

    // THEN: ArgoCD's glob semantics, on the file names cdk8s writes
    expect(argoSyncsFile('gitops/Application.network-policies.k8s.yaml', directory)).toBe(false);
    expect(argoSyncsFile('gitops-extra/NetworkPolicy.default-deny.k8s.yaml', directory)).toBe(true);
    expect(argoSyncsFile('velero/NetworkPolicy.default-deny.k8s.yaml', directory)).toBe(true);
    expect(argoSyncsFile('construct-metadata.json', directory)).toBe(false);
  });
});
