import { ConfigurationError } from '../../constructs/errors';
import { Pods } from '../../constructs/pods';

describe('Pods', () => {
  test('all: every pod of a namespace, named after it', () => {
    const pods = Pods.all('loki');
    expect([pods.namespace, pods.name, pods.labels, pods.isWholeNamespace]).toEqual(['loki', 'loki', undefined, true]);
    expect(pods.describe()).toBe('loki (every pod)');
  });

  test('select: labelled pods with a name for policy names, and where they were defined', () => {
    const pods = Pods.select('default', 'grafana', { 'app.kubernetes.io/name': 'grafana' });
    expect(pods.isWholeNamespace).toBe(false);
    expect(pods.describe()).toBe('default/grafana {app.kubernetes.io/name=grafana}');
    expect(pods.definedAt?.file).toBe('__tests__/constructs/pods.test.ts');
    expect(JSON.stringify(pods)).toBe('{"namespace":"default","name":"grafana","labels":{"app.kubernetes.io/name":"grafana"}}');
  });

  test('sameAs compares namespace and labels, not the name', () => {
    const a = Pods.select('x', 'a', { app: 'one', tier: 'web' });
    expect(a.sameAs(Pods.select('x', 'b', { tier: 'web', app: 'one' }))).toBe(true);
    expect(a.sameAs(Pods.select('y', 'a', { app: 'one', tier: 'web' }))).toBe(false);
    expect(a.sameAs(Pods.select('x', 'a', { app: 'one' }))).toBe(false);
    expect(Pods.all('x').sameAs(Pods.all('x'))).toBe(true);
    expect(Pods.all('x').sameAs(Pods.select('x', 'x', { app: 'one' }))).toBe(false);
  });

  test.each([
    [() => Pods.all('Loki'), 'Namespace "Loki" is not a DNS-1123 label'],
    [() => Pods.select('loki', 'Loki Server', { app: 'loki' }), 'Pod group name "Loki Server" is not a DNS-1123 label'],
    [() => Pods.select('loki', 'loki', {}), 'labels are {}, which selects every pod of the namespace. Use Pods.all(namespace) for every pod, or name the labels.'],
    [() => Pods.select('loki', 'loki', { 'bad key!': 'x' }), 'label key "bad key!" is not a valid label key'],
    [() => Pods.select('loki', 'loki', { app: 'not valid!' }), 'label value "not valid!" of "app" is not a valid label value'],
  ])('refuses bad input where it is written (%#)', (make, message) => {
    let error: unknown;
    try {
      make();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^__tests__\/constructs\/pods\.test\.ts:\d+: Pods /);
    expect((error as Error).message).toContain(message);
  });
});
