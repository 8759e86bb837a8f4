import { Chart, Testing } from 'cdk8s';
import { buildApp } from '../../../main';
import type { HomelabApp } from '../../../homelab/app';
import { dnsEgressFlows, type DeclaredFlow } from '../../../homelab/spec/declared-flows';
import { meshPorts } from '../../../constructs';

/**
 * The homelab's app as main.ts composes it, resolved once per test file: flows put policies into both
 * ends' charts, so a namespace's objects are only complete in the whole app.
 */
let cached: HomelabApp | undefined;
export function homelabApp(): HomelabApp {
  if (cached === undefined) {
    cached = buildApp({ outdir: '/nonexistent-test-outdir' });
    cached.resolve();
  }
  return cached;
}

/** The synthesized objects of one namespace's chart: its own rules in construction order, then the flows' policies (added when the app resolves) by name. */
export function namespaceObjects(namespace: string): any[] {
  const chart = homelabApp().node.tryFindChild(namespace);
  if (!(chart instanceof Chart)) {
    throw new Error(`Namespace ${namespace} is not composed in main.ts.`);
  }
  return Testing.synth(chart);
}

/**
 * The app's flows as the spec's plain data, with the HBONE port where both ends are in the mesh, and every
 * protected namespace's DNS lookups (dnsEgressFlows), which kube-system, protected too, admits.
 */
export function declaredFlows(): DeclaredFlow[] {
  const app = homelabApp();
  return [...app.resolve().flows.map((flow) => ({
    from: { namespace: flow.from.namespace, ...(flow.from.labels === undefined ? {} : { labels: flow.from.labels }) },
    to: { namespace: flow.to.namespace, ...(flow.to.labels === undefined ? {} : { labels: flow.to.labels }) },
    ports: meshPorts(flow.ports, flow.from.namespace, flow.to.namespace, app.ambientEnrolledNamespaces)
      .map((port) => ({ protocol: port.protocol, port: port.port, ...(port.endPort === undefined ? {} : { endPort: port.endPort }) })),
    where: `${flow.declaredIn} ${flow.declaredAs}`,
  })), ...dnsEgressFlows(app.protectedNamespaceNames)];
}
