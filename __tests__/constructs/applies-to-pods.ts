import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { PodLabels } from '../../constructs/pod-selection';

/**
 * Builds the construct under test in `scope` with the construct id `id`; `appliesToPods` is left
 * out of the props when undefined, so the policy applies to every pod of the namespace.
 */
export type AppliesToPodsFactory = (scope: Construct, id: string, appliesToPods?: PodLabels) => void;

const LABELS = { 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'controller' };

/**
 * The appliesToPods cases every allow construct shares: `describe('<name> appliesToPods')` with a
 * test that the labels narrow `spec.podSelector` and leave the rest of the spec alone, and a test
 * that a bad label value fails with the construct path `test/<id>`. Not a *.test.ts file, so jest
 * runs it only through the construct test files that call it.
 */
export function describeAppliesToPods(name: string, id: string, create: AppliesToPodsFactory): void {
  describe(`${name} appliesToPods`, () => {
    test('narrows the policy to the labelled pods and leaves the rules as they are', () => {
      // GIVEN
      const chart = Testing.chart();
      const everyPod = Testing.chart();

      // WHEN
      create(chart, id, LABELS);
      create(everyPod, id);

      // THEN
      const [narrowed] = Testing.synth(chart);
      const [wide] = Testing.synth(everyPod);
      expect(narrowed.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'metallb', 'app.kubernetes.io/component': 'controller' } });
      expect(wide.spec.podSelector).toEqual({});
      expect({ ...narrowed.spec, podSelector: {} }).toEqual(wide.spec);
    });

    test('refuses a label value Kubernetes would reject, with the construct path', () => {
      // GIVEN
      const chart = Testing.chart();

      // WHEN / THEN
      expect(() => create(chart, id, { app: 'web hook' })).toThrow(
        `[test/${id}] appliesToPods value "web hook" of "app" is not a valid label value (at most 63 characters: `
        + 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit). Copy the value from `kubectl get pods --show-labels`.');
    });
  });
}
