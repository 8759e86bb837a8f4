import { Testing } from 'cdk8s';
import { IpBlock } from '../../constructs/ip-block';
import { NetworkPolicyApp } from '../../constructs/network-policy-app';
import { Pods } from '../../constructs/pods';
import { Port } from '../../constructs/port';
import { ProtectedNamespace, ProtectedNamespaceProps } from '../../constructs/protected-namespace';

const ENROLLED = ['default', 'mesh', 'mesh-peer'];

/** An app with the namespaces given, resolved, and each namespace's objects by name. */
function compose(namespaces: Record<string, ProtectedNamespaceProps>, options: { exempt?: string[]; enrolled?: string[] } = {}) {
  const app = new NetworkPolicyApp({ exemptNamespaces: options.exempt ?? [], ambientEnrolledNamespaces: options.enrolled ?? ENROLLED });
  const charts = Object.entries(namespaces).map(([name, props]) => new ProtectedNamespace(app, name, props));
  app.resolve();
  const objects = (name: string) => Testing.synth(charts.find((chart) => chart.name === name)!);
  const spec = (namespace: string, policy: string) => objects(namespace).find((o) => o.metadata.name === policy)?.spec;
  return { app, objects, spec };
}

describe('ProtectedNamespace', () => {
  test('with no props writes default-deny and DNS egress only, into the namespace named by the id', () => {
    const { objects } = compose({ quiet: {} });
    expect(objects('quiet').map((o) => o.metadata.name)).toEqual(['default-deny', 'allow-dns-egress']);
    expect(objects('quiet').map((o) => o.metadata.namespace)).toEqual(['quiet', 'quiet']);
  });

  test('adds one policy per own rule, with construct ids derived from the peer names, and records its flows', () => {
    // GIVEN / WHEN
    const app = new NetworkPolicyApp({ exemptNamespaces: ['ingress-nginx', 'localstack', 'default'] });
    const chart = new ProtectedNamespace(app, 'busy', {
      prometheusScrapePorts: [Port.tcp(8080)],
      ingressFrom: [{ from: Pods.all('ingress-nginx'), ports: [Port.tcp(80)] }],
      egressTo: [{ to: Pods.all('localstack'), ports: [Port.tcp(4566)] }],
      egressToIpBlocks: [{ peerName: 'nas', ipBlock: IpBlock.host('10.0.1.5'), ports: [Port.tcp(445)] }],
      withinNamespacePorts: [Port.tcp(7946)],
      clusterApi: true,
      externalHttps: true,
    });

    // THEN the namespace's own rules are children now, the flows only once the app resolves
    expect(chart.node.children.map((c) => c.node.id)).toEqual(['DefaultDeny', 'DnsEgress', 'PrometheusScrape', 'NasEgress', 'ClusterApi', 'ExternalHttps']);
    expect(chart.flows.map((flow) => [flow.declaredAs, flow.from.name, flow.to.name])).toEqual([
      ['prometheusScrapePorts', 'prometheus', 'busy'],
      ['ingressFrom[0]', 'ingress-nginx', 'busy'],
      ['egressTo[0]', 'busy', 'localstack'],
      ['withinNamespacePorts', 'busy', 'busy'],
    ]);
    app.resolve();
    expect(Testing.synth(chart).map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-nas-egress', 'allow-cluster-api-egress', 'allow-external-https-egress',
      'allow-ingress-nginx-ingress', 'allow-localstack-egress', 'allow-prometheus-scrape', 'allow-within-namespace',
    ]);
  });

  test('a flow between two protected namespaces is declared once and written on both ends', () => {
    const { spec } = compose({
      web: { ingressFrom: [{ from: Pods.select('proxy', 'proxy', { app: 'proxy' }), to: Pods.select('web', 'site', { app: 'site' }), ports: [Port.tcp(8080)] }] },
      proxy: {},
    }, { enrolled: [] });
    expect(spec('web', 'allow-proxy-to-site-ingress')).toEqual({
      podSelector: { matchLabels: { app: 'site' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'proxy' } }, podSelector: { matchLabels: { app: 'proxy' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
    expect(spec('proxy', 'allow-site-egress')).toEqual({
      podSelector: { matchLabels: { app: 'proxy' } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, podSelector: { matchLabels: { app: 'site' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
  });

  test('a flow to an exempt namespace writes the protected end only', () => {
    const { app, objects } = compose({ web: { egressTo: [{ to: Pods.all('kube-system'), ports: [Port.tcp(9153)] }] } }, { exempt: ['kube-system'] });
    expect(objects('web').map((o) => o.metadata.name)).toContain('allow-kube-system-egress');
    expect(app.node.tryFindChild('kube-system')).toBeUndefined();
  });

  test('narrows policies to pods: the webhook, the scrape, the API and HTTPS egress', () => {
    const controller = { 'app.kubernetes.io/component': 'controller' };
    const webhook = { 'app.kubernetes.io/component': 'webhook' };
    const { objects } = compose({
      narrow: {
        prometheusScrapePorts: [Port.tcp(9402)],
        prometheusScrapePods: controller,
        apiServerWebhook: { ports: [Port.tcp(10250)], appliesToPods: webhook },
        clusterApi: { appliesToPods: controller },
        externalHttps: { appliesToPods: controller },
      },
      default: {},
    });
    expect(objects('narrow').map((o) => [o.metadata.name, o.spec.podSelector])).toEqual([
      ['default-deny', {}],
      ['allow-dns-egress', {}],
      ['allow-api-server-webhook-ingress', { matchLabels: webhook }],
      ['allow-cluster-api-egress', { matchLabels: controller }],
      ['allow-external-https-egress', { matchLabels: controller }],
      ['allow-prometheus-scrape', { matchLabels: controller }],
    ]);
    // Prometheus's side, in its namespace.
    expect(objects('default').find((o) => o.metadata.name === 'allow-narrow-metrics-egress')?.spec.egress[0].to).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'narrow' } }, podSelector: { matchLabels: controller } },
    ]);
  });

  test('refuses prometheusScrapePods without prometheusScrapePorts, which would write nothing', () => {
    expect(() => new ProtectedNamespace(Testing.app(), 'metallb-system', { prometheusScrapePods: { app: 'metallb' } })).toThrow(
      '[metallb-system] prometheusScrapePods {"app":"metallb"} is set without prometheusScrapePorts, so no scrape policy would be written. '
      + 'Add prometheusScrapePorts, e.g. [Port.tcp(9402)], or remove prometheusScrapePods.');
  });

  test('false flags add nothing', () => {
    const { objects } = compose({ quiet: { clusterApi: false, externalHttps: false } });
    expect(objects('quiet')).toHaveLength(2);
  });

  test('refuses the same namespace composed twice, naming where it was composed first', () => {
    const app = Testing.app();
    new ProtectedNamespace(app, 'velero');
    expect(() => new ProtectedNamespace(app, 'velero')).toThrow(
      /^__tests__\/constructs\/protected-namespace\.test\.ts(:\d+)?: \[velero\] Namespace "velero" is composed twice \(first by __tests__\/constructs\/protected-namespace\.test\.ts\)\. Compose each namespace once, in main\.ts, and put all its rules in that one ProtectedNamespace\.$/);
  });

  test('refuses a namespace name that is not a DNS-1123 label', () => {
    expect(() => new ProtectedNamespace(Testing.app(), 'Trivy_System')).toThrow(
      '[Trivy_System] Namespace "Trivy_System" is not a DNS-1123 label (lowercase letters, digits and "-", '
      + 'starting and ending with a letter or digit, at most 63 characters). Did you mean "trivy-system"?');
  });

  describe('mistakes TypeScript does not catch are refused at synth with the file and the fix', () => {
    const site = /^__tests__\/constructs\/protected-namespace\.test\.ts:\d+: \[web\] /;

    test('a misspelt props key', () => {
      const props = { ingresFrom: [] } as unknown as ProtectedNamespaceProps;
      expect(() => new ProtectedNamespace(Testing.app(), 'web', props)).toThrow(new RegExp(`${site.source}props has the unknown key "ingresFrom"\\. Did you mean "ingressFrom"\\?`));
    });

    test('a misspelt key in a flow', () => {
      const props = { egressTo: [{ to: Pods.all('web'), port: [Port.tcp(80)] }] } as unknown as ProtectedNamespaceProps;
      expect(() => new ProtectedNamespace(Testing.app(), 'web', props)).toThrow(/egressTo\[0\] has the unknown key "port"\. Did you mean "ports"\?/);
    });

    test('a bare number where a Port is expected', () => {
      const props = { withinNamespacePorts: [3100] } as unknown as ProtectedNamespaceProps;
      expect(() => new ProtectedNamespace(Testing.app(), 'web', props)).toThrow(
        new RegExp(`${site.source}withinNamespacePorts: ports\\[0\\] is 3100, not a Port\\. Write Port\\.tcp\\(3100\\) \\(or Port\\.udp\\(3100\\)\\)\\.$`));
    });

    test('a namespace name where Pods are expected', () => {
      const props = { ingressFrom: [{ from: 'ingress-nginx', ports: [Port.tcp(80)] }] } as unknown as ProtectedNamespaceProps;
      expect(() => new ProtectedNamespace(Testing.app(), 'web', props)).toThrow(
        /ingressFrom\[0\]\.from is "ingress-nginx", not a Pods value\. Name the pods with Pods\.all\("ingress-nginx"\) or Pods\.select\("ingress-nginx", name, labels\)\./);
    });

    test('an empty port list, which would open every port', () => {
      expect(() => new ProtectedNamespace(Testing.app(), 'web', { egressTo: [{ to: Pods.all('web'), ports: [] }] })).toThrow(
        'egressTo[0]: ports is empty; an empty list would allow every port. Give at least one, e.g. [Port.tcp(8080)].');
    });

    test('a flow whose own end is in another namespace', () => {
      expect(() => new ProtectedNamespace(Testing.app(), 'web', { ingressFrom: [{ from: Pods.all('a'), to: Pods.all('b'), ports: [Port.tcp(1)] }] })).toThrow(
        'ingressFrom[0].to is b (every pod), in namespace b; ingressFrom declares flows into "web". Declare this flow in namespace b, or as egressTo here if "web" sends it.');
    });

    test('a tightening without a reason, or with a misspelt key', () => {
      expect(() => new ProtectedNamespace(Testing.app(), 'web', { tightened: [{ from: Pods.all('a'), reason: ' ' }] })).toThrow(
        'tightened[0] has no reason. Say what was allowed, what is allowed now, and why that is enough.');
      const props = { tightened: [{ form: Pods.all('a'), reason: 'x' }] } as unknown as ProtectedNamespaceProps;
      expect(() => new ProtectedNamespace(Testing.app(), 'web', props)).toThrow('tightened[0] has the unknown key "form". Did you mean "from"?');
    });

    test('tightenings are collected with where they were declared, the app\'s own first', () => {
      const app = new NetworkPolicyApp({ tightened: [{ reason: 'cluster-wide' }] });
      new ProtectedNamespace(app, 'web', { tightened: [{ to: Pods.all('web'), ports: [Port.tcp(22)], reason: 'no ssh' }] });
      expect(app.tightenings.map((t) => [t.reason, t.declaredIn, t.declaredAt?.file])).toEqual([
        ['cluster-wide', undefined, '__tests__/constructs/protected-namespace.test.ts'],
        ['no ssh', 'web', '__tests__/constructs/protected-namespace.test.ts'],
      ]);
    });

    test('a ProtectedNamespace with flows outside a NetworkPolicyApp fails validation instead of losing them', () => {
      const app = Testing.app();
      const chart = new ProtectedNamespace(app, 'web', { withinNamespacePorts: [Port.tcp(80)] });
      expect(() => Testing.synth(chart)).toThrow('Namespace "web" declares 1 flow(s), but its app did not resolve them');
    });
  });

  describe('Istio ambient', () => {
    const portsOf = (rule: { ports: { port: number }[] }) => rule.ports.map((port) => port.port);

    test('adds HBONE 15008 to both ends of the flows whose two namespaces are enrolled, and only to those', () => {
      const { spec } = compose({
        'mesh': {
          prometheusScrapePorts: [Port.tcp(8080)],
          ingressFrom: [
            { from: Pods.all('mesh-peer'), ports: [Port.tcp(80)] },
            { from: Pods.all('ingress-nginx'), ports: [Port.tcp(80)] },
          ],
          egressTo: [
            { to: Pods.all('mesh-peer'), ports: [Port.tcp(9092), Port.tcp(15008)] },
            { to: Pods.all('outside'), ports: [Port.tcp(4566)] },
          ],
          egressToIpBlocks: [{ peerName: 'nas', ipBlock: IpBlock.host('10.0.1.5'), ports: [Port.tcp(445)] }],
          withinNamespacePorts: [Port.tcp(7946)],
          clusterApi: true,
        },
        'mesh-peer': {},
        'default': {},
      }, { exempt: ['ingress-nginx', 'outside'] });
      expect(portsOf(spec('mesh', 'allow-prometheus-scrape').ingress[0])).toEqual([8080, 15008]);
      expect(portsOf(spec('default', 'allow-mesh-metrics-egress').egress[0])).toEqual([8080, 15008]);
      // The peer's inbound and outbound flows with mesh meet in one rule per peer on each side.
      expect(portsOf(spec('mesh', 'allow-mesh-peer-ingress').ingress[0])).toEqual([80, 15008]);
      expect(portsOf(spec('mesh-peer', 'allow-mesh-egress').egress[0])).toEqual([80, 15008]);
      expect(portsOf(spec('mesh', 'allow-ingress-nginx-ingress').ingress[0])).toEqual([80]);
      expect(portsOf(spec('mesh', 'allow-mesh-peer-egress').egress[0])).toEqual([9092, 15008]);
      expect(portsOf(spec('mesh-peer', 'allow-mesh-ingress').ingress[0])).toEqual([9092, 15008]);
      expect(portsOf(spec('mesh', 'allow-outside-egress').egress[0])).toEqual([4566]);
      expect(portsOf(spec('mesh', 'allow-nas-egress').egress[0])).toEqual([445]);
      expect(portsOf(spec('mesh', 'allow-within-namespace').ingress[0])).toEqual([7946, 15008]);
      expect(portsOf(spec('mesh', 'allow-within-namespace').egress[0])).toEqual([7946, 15008]);
      expect(portsOf(spec('mesh', 'allow-cluster-api-egress').egress[0])).toEqual([443]);
    });

    test('admits the probes of an enrolled namespace by default, on every TCP port, unless set to false or narrowed', () => {
      const probeRule = (props: ProtectedNamespaceProps) => compose({ mesh: props }).spec('mesh', 'allow-ambient-health-probes-ingress')?.ingress;
      expect(probeRule({})).toEqual([{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }] }]);
      expect(probeRule({ ambientHealthProbes: { ports: [Port.tcp(8085)] } })).toEqual([
        { from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 8085 }] },
      ]);
      expect(probeRule({ ambientHealthProbes: false })).toBeUndefined();
    });

    test('a namespace outside the mesh gets no HBONE and no probe rule', () => {
      const { objects, spec } = compose({ outside: { prometheusScrapePorts: [Port.tcp(8080)], egressTo: [{ to: Pods.all('mesh'), ports: [Port.tcp(80)] }] }, mesh: {}, default: {} });
      expect(objects('outside').map((o) => o.metadata.name)).toEqual(['default-deny', 'allow-dns-egress', 'allow-mesh-egress', 'allow-prometheus-scrape']);
      expect(portsOf(spec('outside', 'allow-prometheus-scrape').ingress[0])).toEqual([8080]);
      expect(portsOf(spec('outside', 'allow-mesh-egress').egress[0])).toEqual([80]);
    });

    test('refuses probe admission for a namespace outside the mesh, naming the list to fix', () => {
      const app = new NetworkPolicyApp({ ambientEnrolledNamespaces: ENROLLED });
      expect(() => new ProtectedNamespace(app, 'velero', { ambientHealthProbes: true })).toThrow(
        '[velero] ambientHealthProbes is true, but namespace "velero" is not in the Istio ambient mesh (ambientEnrolledNamespaces). '
        + 'If it is enrolled (kubectl get namespaces -l istio.io/dataplane-mode=ambient), add "velero" to ISTIO_AMBIENT.enrolledNamespaces '
        + 'in cluster.ts; otherwise remove ambientHealthProbes.');
    });

    test('reads ISTIO_AMBIENT.enrolledNamespaces by default', () => {
      // loki and default are enrolled in cluster.ts, velero is not.
      const app = new NetworkPolicyApp();
      const loki = new ProtectedNamespace(app, 'loki', { prometheusScrapePorts: [Port.tcp(3100)] });
      const velero = new ProtectedNamespace(app, 'velero', { prometheusScrapePorts: [Port.tcp(8085)] });
      new ProtectedNamespace(app, 'default');
      app.resolve();
      const scrape = (chart: ProtectedNamespace) => Testing.synth(chart).find((o) => o.metadata.name === 'allow-prometheus-scrape')!.spec.ingress[0];
      expect(Testing.synth(loki).map((o) => o.metadata.name)).toContain('allow-ambient-health-probes-ingress');
      expect(portsOf(scrape(loki))).toEqual([3100, 15008]);
      expect(portsOf(scrape(velero))).toEqual([8085]);
    });
  });
});
