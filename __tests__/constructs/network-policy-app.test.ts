import { Testing } from 'cdk8s';
import { FlowPolicy } from '../../constructs/flow-policy';
import { NetworkPolicyApp } from '../../constructs/network-policy-app';
import { Pods } from '../../constructs/pods';
import { Port } from '../../constructs/port';
import { ProtectedNamespace } from '../../constructs/protected-namespace';

describe('NetworkPolicyApp', () => {
  test('resolve writes each flow\'s policies into the charts of its protected ends, once', () => {
    // GIVEN
    const app = new NetworkPolicyApp({ ambientEnrolledNamespaces: [] });
    const web = new ProtectedNamespace(app, 'web', { ingressFrom: [{ from: Pods.all('proxy'), ports: [Port.tcp(80)] }] });
    const proxy = new ProtectedNamespace(app, 'proxy');

    // WHEN
    const first = app.resolve();
    const second = app.resolve();

    // THEN
    expect(second).toBe(first);
    expect(app.isResolved).toBe(true);
    expect(web.node.findAll().filter((c) => c instanceof FlowPolicy).map((c) => c.node.id)).toEqual(['Flow-AllowProxyIngress']);
    expect(Testing.synth(proxy).map((o) => o.metadata.name)).toEqual(['default-deny', 'allow-dns-egress', 'allow-web-egress']);
    expect(app.protectedNamespaces.map((namespace) => namespace.name)).toEqual(['web', 'proxy']);
  });

  test('synth resolves first, so a plain app.synth() writes the flows', () => {
    const app = new NetworkPolicyApp({ ambientEnrolledNamespaces: [] });
    new ProtectedNamespace(app, 'web', { egressTo: [{ to: Pods.all('db'), ports: [Port.tcp(5432)] }] });
    new ProtectedNamespace(app, 'db');
    expect(app.synthYaml()).toContain('name: allow-web-ingress');
  });

  test('refuses a namespace composed after the flows were resolved', () => {
    const app = new NetworkPolicyApp();
    app.resolve();
    expect(() => new ProtectedNamespace(app, 'late')).toThrow('Namespace "late" is composed after the app resolved its flows (synth had begun). Compose every namespace before app.synth().');
  });

  test('refuses a namespace both composed and exempt', () => {
    const app = new NetworkPolicyApp({ exemptNamespaces: ['web'] });
    new ProtectedNamespace(app, 'web');
    expect(() => app.resolve()).toThrow('Namespace "web" is composed as protected and also listed as exempt.');
  });

  test('tryOf finds the app from any construct of its tree, and nothing for another root', () => {
    const app = new NetworkPolicyApp();
    const chart = new ProtectedNamespace(app, 'web');
    expect(NetworkPolicyApp.tryOf(chart)).toBe(app);
    expect(NetworkPolicyApp.tryOf(Testing.chart())).toBeUndefined();
  });
});
