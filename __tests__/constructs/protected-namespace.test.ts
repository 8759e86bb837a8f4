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
});
