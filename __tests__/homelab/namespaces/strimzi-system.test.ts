import { Testing } from 'cdk8s';
import { ProtectedNamespace } from '../../../constructs';
import { strimziSystem } from '../../../homelab/namespaces/strimzi-system';

describe('strimzi-system', () => {
  // GIVEN the strimzi-system composition WHEN synthesized
  const objects = Testing.synth(new ProtectedNamespace(Testing.app(), 'strimzi-system', strimziSystem));
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('has default deny, DNS, the scrape, the ambient probes, the Kafka pods and the API, and nothing else', () => {
    expect(objects.map((o) => o.metadata.name)).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-prometheus-scrape', 'allow-ambient-health-probes-ingress', 'allow-kafka-brokers-egress', 'allow-cluster-api-egress',
    ]);
  });

  test('admits the istio-cni probe address on the probe port 8080 only', () => {
    expect(byName('allow-ambient-health-probes-ingress').spec.ingress).toEqual([{
      from: [{ ipBlock: { cidr: '169.254.7.127/32' } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    }]);
  });

  test('reaches only the Kafka pods of kafka-cluster: control plane, replication, bootstrap, KafkaAgent and HBONE', () => {
    expect(byName('allow-kafka-brokers-egress').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } },
          podSelector: { matchLabels: { 'strimzi.io/name': 'kafka-cluster-kafka' } },
        }],
        ports: [
          { protocol: 'TCP', port: 9090 }, { protocol: 'TCP', port: 9091 }, { protocol: 'TCP', port: 9092 },
          { protocol: 'TCP', port: 8443 }, { protocol: 'TCP', port: 15008 },
        ],
      }],
    });
  });

  test('admits only the Prometheus pods, on the operator http port 8080 and HBONE 15008, and no webhook caller', () => {
    expect(byName('allow-prometheus-scrape').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      }],
      ports: [{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 15008 }],
    }]);
    expect(byName('allow-api-server-webhook-ingress')).toBeUndefined();
    expect(byName('allow-external-https-egress')).toBeUndefined();
  });
});
