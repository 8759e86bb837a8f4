import { Testing } from 'cdk8s';
import { COMMON_LABELS, createPolicyResource, objectMetadata, podsInNamespacePeer } from '../../constructs/policy-resource';

describe('objectMetadata', () => {
  test('names the object and carries the common labels and the sync wave', () => {
    expect(objectMetadata('allow-x')).toEqual({
      name: 'allow-x',
      labels: { 'app.kubernetes.io/component': 'network-policy', 'app.kubernetes.io/managed-by': 'cdk8s' },
      annotations: { 'argocd.argoproj.io/sync-wave': '-40' },
    });
  });

  test('hands out a copy of the labels, so one object cannot change another', () => {
    expect(objectMetadata('a').labels).not.toBe(COMMON_LABELS);
  });
});

describe('podsInNamespacePeer', () => {
  test('without labels selects the whole namespace by its name label', () => {
    expect(podsInNamespacePeer('velero')).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'velero' } },
    });
  });

  test('with labels puts both selectors in one peer', () => {
    expect(podsInNamespacePeer('default', { app: 'x' })).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
      podSelector: { matchLabels: { app: 'x' } },
    });
  });
});

describe('createPolicyResource', () => {
  test('sets policyTypes from the directions given and omits empty rule lists', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    createPolicyResource(chart, { name: 'deny', ingress: [], egress: [] });

    // THEN
    expect(Testing.synth(chart)[0].spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('an egress-only policy says nothing about ingress', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    createPolicyResource(chart, { name: 'out', egress: [{ to: [{ podSelector: {} }] }] });

    // THEN
    expect(Testing.synth(chart)[0].spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: {} }] }],
    });
  });

  test('uses the id Resource', () => {
    const chart = Testing.chart();
    expect(createPolicyResource(chart, { name: 'x', egress: [] }).node.id).toBe('Resource');
  });
});
