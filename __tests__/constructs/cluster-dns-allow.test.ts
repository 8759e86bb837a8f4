import { Pods } from '../../constructs/pods';
import { Testing } from 'cdk8s';
import { ClusterDnsAllow } from '../../constructs/cluster-dns-allow';
import { PassThroughTier } from '../../constructs/pass-through-tier';

describe('ClusterDnsAllow', () => {
  test('allows every pod (not host endpoints) egress to the kube-dns pods on UDP and TCP 53, in the given tier', () => {
    // GIVEN
    const chart = Testing.chart();
    const tier = new PassThroughTier(chart, 'Tier');

    // WHEN
    new ClusterDnsAllow(chart, 'Dns', { tier });

    // THEN
    const [, policy, ...rest] = Testing.synth(chart);
    expect(rest).toEqual([]);
    expect(policy.apiVersion).toBe('projectcalico.org/v3');
    expect(policy.kind).toBe('GlobalNetworkPolicy');
    expect(policy.metadata).toEqual({
      name: 'platform.allow-cluster-dns',
      labels: { 'app.kubernetes.io/component': 'network-policy', 'app.kubernetes.io/managed-by': 'cdk8s' },
      annotations: { 'argocd.argoproj.io/sync-wave': '-40' },
    });
    const destination = {
      namespaceSelector: "projectcalico.org/name == 'kube-system'",
      selector: "k8s-app == 'kube-dns'",
      ports: [53],
    };
    expect(policy.spec).toEqual({
      tier: 'platform',
      order: 100,
      selector: 'has(projectcalico.org/namespace)',
      types: ['Egress'],
      egress: [
        { action: 'Allow', protocol: 'UDP', destination },
        { action: 'Allow', protocol: 'TCP', destination },
      ],
    });
  });

  test('takes the tier\'s name as prefix and type, another order and other DNS pods', () => {
    const chart = Testing.chart();
    const tier = new PassThroughTier(chart, 'Tier', { name: 'security', order: 5000 });
    new ClusterDnsAllow(chart, 'Dns', { tier, order: 0, dns: Pods.select('dns', 'unbound', { app: 'unbound' }) });
    const [, policy] = Testing.synth(chart);
    expect(policy.metadata.name).toBe('security.allow-cluster-dns');
    expect(policy.spec.tier).toBe('security');
    expect(policy.spec.order).toBe(0);
    expect(policy.spec.egress[0].destination).toEqual({ namespaceSelector: "projectcalico.org/name == 'dns'", selector: "app == 'unbound'", ports: [53] });
  });

  test.each([[-1], [Number.NaN]])('refuses the order %p', (order) => {
    const chart = Testing.chart();
    const tier = new PassThroughTier(chart, 'Tier');
    expect(() => new ClusterDnsAllow(chart, 'Dns', { tier, order })).toThrow(
      `[test/Dns] Policy order ${order} is not a finite number of at least 0. Use an order such as 100.`);
  });

  test('refuses DNS pods given by a bad namespace, where the Pods value is written', () => {
    expect(() => Pods.select('Kube-System', 'kube-dns', { 'k8s-app': 'kube-dns' })).toThrow(
      /^__tests__\/constructs\/cluster-dns-allow\.test\.ts:\d+: Pods Kube-System\/kube-dns \{k8s-app=kube-dns\}: Namespace "Kube-System" is not a DNS-1123 label/);
  });
});
