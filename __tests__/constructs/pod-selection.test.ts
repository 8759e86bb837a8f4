import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { podSelectorFor } from '../../constructs/pod-selection';

describe('podSelectorFor', () => {
  const rule = () => new Construct(Testing.chart(), 'Rule');

  test('selects every pod when no labels are given', () => {
    expect(podSelectorFor(rule(), undefined)).toEqual({});
  });

  test('selects the pods with the labels, as matchLabels (a copy, not the caller\'s object)', () => {
    // GIVEN
    const labels = { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/component': 'webhook' };

    // WHEN
    const selector = podSelectorFor(rule(), labels);

    // THEN
    expect(selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/component': 'webhook' } });
    expect(selector.matchLabels).not.toBe(labels);
  });

  test('accepts an empty label value, which Kubernetes allows', () => {
    expect(podSelectorFor(rule(), { 'node-role.kubernetes.io/control-plane': '' })).toEqual({ matchLabels: { 'node-role.kubernetes.io/control-plane': '' } });
  });

  test('refuses {}, which would silently select every pod', () => {
    expect(() => podSelectorFor(rule(), {})).toThrow(
      '[test/Rule] appliesToPods is {}, which selects every pod of the namespace. '
      + 'Leave appliesToPods out to apply the policy to every pod, or name the labels of the pods it is for.');
  });

  test('refuses a key that is not a label key', () => {
    expect(() => podSelectorFor(rule(), { 'app kubernetes io/name': 'webhook' })).toThrow(
      '[test/Rule] appliesToPods key "app kubernetes io/name" is not a valid label key (an optional DNS subdomain prefix and "/", then '
      + 'at most 63 characters: letters, digits, "-", "_" and ".", starting and ending with a letter or digit). '
      + 'Copy the key from `kubectl get pods --show-labels`.');
  });

  test('refuses a key whose prefix is not a DNS subdomain', () => {
    expect(() => podSelectorFor(rule(), { 'App.Kubernetes.io/name': 'webhook' })).toThrow(
      '[test/Rule] appliesToPods key "App.Kubernetes.io/name" is not a valid label key');
  });

  test('refuses a value that is not a label value', () => {
    expect(() => podSelectorFor(rule(), { 'app.kubernetes.io/name': 'cert manager' })).toThrow(
      '[test/Rule] appliesToPods value "cert manager" of "app.kubernetes.io/name" is not a valid label value (at most 63 characters: '
      + 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit). Copy the value from `kubectl get pods --show-labels`.');
  });
});
