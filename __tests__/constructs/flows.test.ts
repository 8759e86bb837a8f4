import { ConfigurationError } from '../../constructs/errors';
import { Flow, defaultPolicyName, resolveFlows } from '../../constructs/flows';
import { Pods } from '../../constructs/pods';
import { Port } from '../../constructs/port';

const CONTEXT = {
  protectedNamespaces: new Set(['web', 'proxy', 'db']),
  exemptNamespaces: new Set(['kube-system']),
  ambientEnrolledNamespaces: ['web', 'db'],
};
const PROXY = Pods.select('proxy', 'proxy', { app: 'proxy' });
const SITE = Pods.select('web', 'site', { app: 'site' });
const WEB = Pods.all('web');
const DB = Pods.all('db');

function flow(from: Pods, to: Pods, ports: Port[], declaredIn: string, declaredAs = 'egressTo[0]'): Flow {
  return { from, to, ports, declaredIn, declaredAs };
}

describe('resolveFlows', () => {
  test('a flow between two protected namespaces has an ingress end and an egress end', () => {
    const { ends, policies } = resolveFlows([flow(PROXY, SITE, [Port.tcp(8080)], 'web', 'ingressFrom[0]')], CONTEXT);
    expect(ends.map((end) => [end.namespace, end.direction, end.policyName])).toEqual([
      ['web', 'ingress', 'allow-proxy-to-site-ingress'],
      ['proxy', 'egress', 'allow-site-egress'],
    ]);
    expect(policies.map((policy) => [policy.namespace, policy.name, policy.ingress.length, policy.egress.length])).toEqual([
      ['proxy', 'allow-site-egress', 0, 1],
      ['web', 'allow-proxy-to-site-ingress', 1, 0],
    ]);
  });

  test('a flow with an exempt end has the protected end only', () => {
    const { ends } = resolveFlows([flow(WEB, Pods.all('kube-system'), [Port.tcp(9153)], 'web')], CONTEXT);
    expect(ends.map((end) => [end.namespace, end.direction])).toEqual([['web', 'egress']]);
  });

  test('HBONE 15008 is added on both ends when both namespaces are enrolled, and only then', () => {
    const { ends } = resolveFlows([
      flow(WEB, DB, [Port.tcp(5432)], 'web'),
      flow(PROXY, SITE, [Port.tcp(8080)], 'web', 'ingressFrom[0]'),
    ], CONTEXT);
    expect(ends.map((end) => `${end.namespace} ${end.direction} ${end.ports.map(String).join(',')}`)).toEqual([
      'db ingress TCP/5432,TCP/15008',
      'web egress TCP/5432,TCP/15008',
      'web ingress TCP/8080',
      'proxy egress TCP/8080',
    ]);
  });

  test('flows to the same peer from the same pods become one policy with one rule, their ports merged', () => {
    const { policies } = resolveFlows([
      flow(WEB, DB, [Port.tcp(5432)], 'web', 'egressTo[0]'),
      flow(WEB, DB, [Port.tcp(9187), Port.tcp(5432)], 'web', 'egressTo[1]'),
    ], { ...CONTEXT, ambientEnrolledNamespaces: [] });
    const egress = policies.find((policy) => policy.name === 'allow-db-egress')!;
    expect(egress.egress.map((rule) => rule.ports.map(String))).toEqual([['TCP/5432', 'TCP/9187']]);
    expect(egress.egress[0].flows.map((f) => f.declaredAs)).toEqual(['egressTo[0]', 'egressTo[1]']);
  });

  test('a policy name override (the scrape, within-namespace) is used on its end', () => {
    const { policies } = resolveFlows([{ ...flow(WEB, WEB, [Port.tcp(7946)], 'web', 'withinNamespacePorts'), policyNames: { ingress: 'allow-within-namespace', egress: 'allow-within-namespace' } }], CONTEXT);
    expect(policies.map((policy) => [policy.name, policy.ingress.length, policy.egress.length])).toEqual([['allow-within-namespace', 1, 1]]);
  });

  test('refuses a peer namespace that is neither protected nor exempt, with the closest name', () => {
    expect(() => resolveFlows([flow(WEB, Pods.all('dbb'), [Port.tcp(5432)], 'web')], CONTEXT)).toThrow(
      '[web] egressTo[0]: to dbb (every pod) names namespace "dbb", which is neither protected (composed in main.ts) nor exempt. Did you mean "db"? '
      + 'Fix the name, compose the namespace in main.ts, or list it with its reason in homelab/namespaces/exemptions.ts.');
  });

  test('refuses a flow declared by both of its ends', () => {
    expect(() => resolveFlows([
      flow(PROXY, SITE, [Port.tcp(8080)], 'web', 'ingressFrom[0]'),
      flow(PROXY, SITE, [Port.tcp(8081)], 'proxy', 'egressTo[2]'),
    ], CONTEXT)).toThrow(/^\[proxy\] egressTo\[2\]: the flow from proxy\/proxy \{app=proxy\} to web\/site \{app=site\} is also declared as ingressFrom\[0\] of web\. Declare each flow once/);
  });

  test('refuses two pod groups that would give one namespace the same policy name', () => {
    const other = Pods.select('proxy', 'proxy', { app: 'proxy-canary' });
    let error: unknown;
    try {
      resolveFlows([flow(PROXY, SITE, [Port.tcp(8080)], 'proxy'), flow(other, SITE, [Port.tcp(8080)], 'proxy', 'egressTo[1]')], CONTEXT);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('namespace proxy would get two policies named "allow-site-egress" for different pods');
  });
});

describe('defaultPolicyName', () => {
  test.each([
    ['ingress', WEB, PROXY, 'allow-proxy-ingress'],
    ['ingress', SITE, PROXY, 'allow-proxy-to-site-ingress'],
    ['egress', PROXY, SITE, 'allow-site-egress'],
    ['egress', Pods.select('web', 'cache', { app: 'cache' }), DB, 'allow-cache-to-db-egress'],
  ] as const)('%s of %s to %s is %s', (direction, local, peer, name) => {
    expect(defaultPolicyName(direction, local, peer)).toBe(name);
  });
});
