import { Testing } from 'cdk8s';
import { IpBlock } from '../../constructs/ip-block';
import { Port } from '../../constructs/port';
import { ProtectedNamespace } from '../../constructs/protected-namespace';

describe('ProtectedNamespace', () => {
  test('with no props writes default-deny and DNS egress only, into the namespace named by the id', () => {
    // GIVEN
    const app = Testing.app();

    // WHEN
    const chart = new ProtectedNamespace(app, 'quiet');

    // THEN
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.metadata.name)).toEqual(['default-deny', 'allow-dns-egress']);
    expect(objects.map((o) => o.metadata.namespace)).toEqual(['quiet', 'quiet']);
  });

  test('adds one policy per entry, with construct ids derived from the peer names', () => {
    // GIVEN
    const app = Testing.app();

    // WHEN
    const chart = new ProtectedNamespace(app, 'busy', {
      prometheusScrapePorts: [Port.tcp(8080)],
      ingressFrom: [{ peerName: 'ingress-nginx', namespace: 'ingress-nginx', ports: [Port.tcp(80)] }],
      egressTo: [{ peerName: 'localstack', namespace: 'localstack', ports: [Port.tcp(4566)] }],
      egressToIpBlocks: [{ peerName: 'nas', ipBlock: IpBlock.host('10.0.1.5'), ports: [Port.tcp(445)] }],
      withinNamespacePorts: [Port.tcp(7946)],
      clusterApi: true,
      externalHttps: true,
    });

    // THEN
    expect(chart.node.children.map((c) => c.node.id)).toEqual([
      'DefaultDeny', 'DnsEgress', 'PrometheusScrape', 'IngressNginxIngress', 'LocalstackEgress', 'NasEgress',
      'WithinNamespace', 'ClusterApi', 'ExternalHttps',
    ]);
    expect(Testing.synth(chart).map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-ingress-nginx-ingress', 'allow-localstack-egress',
      'allow-nas-egress', 'allow-within-namespace', 'allow-cluster-api-egress', 'allow-external-https-egress',
    ]);
  });

  test('narrows policies to pods: the webhook, the scrape, the API and HTTPS egress', () => {
    // GIVEN
    const controller = { 'app.kubernetes.io/component': 'controller' };
    const webhook = { 'app.kubernetes.io/component': 'webhook' };

    // WHEN
    const chart = new ProtectedNamespace(Testing.app(), 'narrow', {
      prometheusScrapePorts: [Port.tcp(9402)],
      prometheusScrapePods: controller,
      apiServerWebhook: { ports: [Port.tcp(10250)], appliesToPods: webhook },
      clusterApi: { appliesToPods: controller },
      externalHttps: { appliesToPods: controller },
    });

    // THEN
    expect(chart.node.children.map((c) => c.node.id)).toEqual([
      'DefaultDeny', 'DnsEgress', 'PrometheusScrape', 'ApiServerWebhook', 'ClusterApi', 'ExternalHttps',
    ]);
    expect(Testing.synth(chart).map((o) => [o.metadata.name, o.spec.podSelector])).toEqual([
      ['default-deny', {}],
      ['allow-dns-egress', {}],
      ['allow-prometheus-scrape', { matchLabels: controller }],
      ['allow-api-server-webhook-ingress', { matchLabels: webhook }],
      ['allow-cluster-api-egress', { matchLabels: controller }],
      ['allow-external-https-egress', { matchLabels: controller }],
    ]);
  });

  test('refuses prometheusScrapePods without prometheusScrapePorts, which would write nothing', () => {
    expect(() => new ProtectedNamespace(Testing.app(), 'metallb-system', { prometheusScrapePods: { app: 'metallb' } })).toThrow(
      '[metallb-system] prometheusScrapePods {"app":"metallb"} is set without prometheusScrapePorts, so no scrape policy would be written. '
      + 'Add prometheusScrapePorts, e.g. [Port.tcp(9402)], or remove prometheusScrapePods.');
  });

  test('false flags add nothing', () => {
    const chart = new ProtectedNamespace(Testing.app(), 'quiet', { clusterApi: false, externalHttps: false });
    expect(Testing.synth(chart)).toHaveLength(2);
  });

  test('refuses the same namespace composed twice', () => {
    // GIVEN
    const app = Testing.app();
    new ProtectedNamespace(app, 'velero');

    // WHEN / THEN
    expect(() => new ProtectedNamespace(app, 'velero')).toThrow(
      '[velero] Namespace "velero" is composed twice. Compose each namespace once and put all its rules in that one ProtectedNamespace.');
  });

  test('refuses a namespace name that is not a DNS-1123 label', () => {
    expect(() => new ProtectedNamespace(Testing.app(), 'Trivy_System')).toThrow(
      '[Trivy_System] Namespace "Trivy_System" is not a DNS-1123 label (lowercase letters, digits and "-", '
      + 'starting and ending with a letter or digit, at most 63 characters). Did you mean "trivy-system"?');
  });
  describe('Istio ambient', () => {
    const ENROLLED = ['default', 'mesh', 'mesh-peer'];
    const portsOf = (rule: { ports: { port: number }[] }) => rule.ports.map((port) => port.port);

    test('adds HBONE 15008 to the rules whose two ends are enrolled, and only to those', () => {
      // GIVEN a namespace in the mesh with peers in and out of it
      const chart = new ProtectedNamespace(Testing.app(), 'mesh', {
        ambientEnrolledNamespaces: ENROLLED,
        prometheusScrapePorts: [Port.tcp(8080)],
        ingressFrom: [
          { peerName: 'mesh-peer', namespace: 'mesh-peer', ports: [Port.tcp(80)] },
          { peerName: 'ingress-nginx', namespace: 'ingress-nginx', ports: [Port.tcp(80)] },
        ],
        egressTo: [
          { peerName: 'mesh-peer', namespace: 'mesh-peer', ports: [Port.tcp(9092), Port.tcp(15008)] },
          { peerName: 'outside', namespace: 'outside', ports: [Port.tcp(4566)] },
        ],
        egressToIpBlocks: [{ peerName: 'nas', ipBlock: IpBlock.host('10.0.1.5'), ports: [Port.tcp(445)] }],
        withinNamespacePorts: [Port.tcp(7946)],
        clusterApi: true,
      });

      // WHEN
      const byName = Object.fromEntries(Testing.synth(chart).map((o) => [o.metadata.name, o.spec]));

      // THEN
      expect(portsOf(byName['allow-prometheus-scrape'].ingress[0])).toEqual([8080, 15008]);
      expect(portsOf(byName['allow-mesh-peer-ingress'].ingress[0])).toEqual([80, 15008]);
      expect(portsOf(byName['allow-ingress-nginx-ingress'].ingress[0])).toEqual([80]);
      expect(portsOf(byName['allow-mesh-peer-egress'].egress[0])).toEqual([9092, 15008]);
      expect(portsOf(byName['allow-outside-egress'].egress[0])).toEqual([4566]);
      expect(portsOf(byName['allow-nas-egress'].egress[0])).toEqual([445]);
      expect(portsOf(byName['allow-within-namespace'].ingress[0])).toEqual([7946, 15008]);
      expect(portsOf(byName['allow-within-namespace'].egress[0])).toEqual([7946, 15008]);
      expect(portsOf(byName['allow-cluster-api-egress'].egress[0])).toEqual([443]);
    });

    test('admits the probes of an enrolled namespace by default, on every TCP port, unless set to false or narrowed', () => {
      const probeRule = (props: ConstructorParameters<typeof ProtectedNamespace>[2]) =>
        Testing.synth(new ProtectedNamespace(Testing.app(), 'mesh', { ambientEnrolledNamespaces: ENROLLED, ...props }))
          .find((o) => o.metadata.name === 'allow-ambient-health-probes-ingress')?.spec.ingress;
      expect(probeRule({})).toEqual([{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }] }]);
      expect(probeRule({ ambientHealthProbes: { ports: [Port.tcp(8085)] } })).toEqual([
        { from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ protocol: 'TCP', port: 8085 }] },
      ]);
      expect(probeRule({ ambientHealthProbes: false })).toBeUndefined();
    });

    test('a namespace outside the mesh gets no HBONE and no probe rule', () => {
      const chart = new ProtectedNamespace(Testing.app(), 'outside', {
        ambientEnrolledNamespaces: ENROLLED,
        prometheusScrapePorts: [Port.tcp(8080)],
        egressTo: [{ peerName: 'mesh', namespace: 'mesh', ports: [Port.tcp(80)] }],
      });
      const objects = Testing.synth(chart);
      expect(objects.map((o) => o.metadata.name)).toEqual(['default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-mesh-egress']);
      expect(portsOf(objects[2].spec.ingress[0])).toEqual([8080]);
      expect(portsOf(objects[3].spec.egress[0])).toEqual([80]);
    });

    test('refuses probe admission for a namespace outside the mesh, naming the list to fix', () => {
      expect(() => new ProtectedNamespace(Testing.app(), 'velero', { ambientEnrolledNamespaces: ENROLLED, ambientHealthProbes: true })).toThrow(
        '[velero] ambientHealthProbes is true, but namespace "velero" is not in the Istio ambient mesh (ambientEnrolledNamespaces). '
        + 'If it is enrolled (kubectl get namespaces -l istio.io/dataplane-mode=ambient), add "velero" to ISTIO_AMBIENT.enrolledNamespaces '
        + 'in cluster.ts; otherwise remove ambientHealthProbes.');
    });

    test('reads ISTIO_AMBIENT.enrolledNamespaces by default', () => {
      // loki and default are enrolled in cluster.ts, velero is not.
      const loki = Testing.synth(new ProtectedNamespace(Testing.app(), 'loki', { prometheusScrapePorts: [Port.tcp(3100)] }));
      expect(loki.map((o) => o.metadata.name)).toContain('allow-ambient-health-probes-ingress');
      expect(portsOf(loki.find((o) => o.metadata.name === 'allow-prometheus-scrape')!.spec.ingress[0])).toEqual([3100, 15008]);
      const velero = Testing.synth(new ProtectedNamespace(Testing.app(), 'velero', { prometheusScrapePorts: [Port.tcp(8085)] }));
      expect(portsOf(velero[2].spec.ingress[0])).toEqual([8085]);
    });
  });
});
