import { Testing } from 'cdk8s';
import { CalicoSelector } from '../../constructs/calico-selector';

describe('CalicoSelector', () => {
  test('allPods selects every workload endpoint by the namespace label Calico gives pods, not all()', () => {
    expect(CalicoSelector.allPods().bind(Testing.chart())).toBe('has(projectcalico.org/namespace)');
  });

  test('podsInNamespaces writes a sorted set, so the order of the list does not change the output', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const selector = CalicoSelector.podsInNamespaces(['velero', 'loki', 'trivy-system']);

    // THEN
    expect(selector.bind(chart)).toBe("projectcalico.org/namespace in {'loki', 'trivy-system', 'velero'}");
  });

  test('namespaceNamed matches a namespace by its projectcalico.org/name label', () => {
    expect(CalicoSelector.namespaceNamed('kube-system').bind(Testing.chart())).toBe("projectcalico.org/name == 'kube-system'");
  });

  test('labels ANDs every label, keys sorted', () => {
    expect(CalicoSelector.labels({ 'k8s-app': 'kube-dns', 'app.kubernetes.io/name': 'coredns' }).bind(Testing.chart()))
      .toBe("app.kubernetes.io/name == 'coredns' && k8s-app == 'kube-dns'");
  });

  test.each([
    ['an empty namespace list', CalicoSelector.podsInNamespaces([]),
      "No namespaces given; a selector over an empty set selects no pod, so the policy would silently do nothing. Give at least one namespace, e.g. ['loki']."],
    ['a namespace listed twice', CalicoSelector.podsInNamespaces(['loki', 'velero', 'loki']),
      'Namespace "loki" is listed twice. List each namespace once.'],
    ['a namespace that is not a DNS label', CalicoSelector.podsInNamespaces(['loki', "x'}) || all() || {'"]),
      'Namespace "x\'}) || all() || {\'" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters). Did you mean "x-all"?'],
    ['an upper-case namespace', CalicoSelector.namespaceNamed('Kube_System'),
      'Namespace "Kube_System" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters). Did you mean "kube-system"?'],
    ['no labels', CalicoSelector.labels({}),
      "No labels given; an empty label selector would match every endpoint. Give at least one label, e.g. { 'k8s-app': 'kube-dns' }."],
    ['a label value with a quote', CalicoSelector.labels({ app: "dns' || all() || 'x" }),
      'Label value "dns\' || all() || \'x" (key "app") is not a Kubernetes label value (at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit). Fix the value.'],
    ['a label key with a space', CalicoSelector.labels({ 'k8s app': 'kube-dns' }),
      'Label key "k8s app" is not a Kubernetes label key ([prefix/]name, name of letters, digits, "-", "_" and "."). Fix the key.'],
  ])('refuses %s when bound, naming the construct path', (_case, selector, message) => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN / THEN
    expect(() => selector.bind(chart)).toThrow(`[test] ${message}`);
  });
});
