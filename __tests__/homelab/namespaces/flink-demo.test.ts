import { namespaceObjects } from '../support/synth';

describe('flink-demo', () => {
  // GIVEN the flink-demo composition WHEN synthesized
  const objects = namespaceObjects('flink-demo');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const JOB_MANAGERS = { matchLabels: { component: 'jobmanager', type: 'flink-native-kubernetes' } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('lets JobManagers and TaskManagers talk on RPC 6122/6123, the blob server 6124 and HBONE', () => {
    const ports = [{ protocol: 'TCP', port: 6122 }, { protocol: 'TCP', port: 6123 }, { protocol: 'TCP', port: 6124 }, { protocol: 'TCP', port: 15008 }];
    expect(byName('allow-within-namespace').spec.ingress).toEqual([{ from: [{ podSelector: {} }], ports }]);
    expect(byName('allow-within-namespace').spec.egress).toEqual([{ to: [{ podSelector: {} }], ports }]);
    expect(byName('allow-cluster-api-egress').spec.podSelector).toEqual(JOB_MANAGERS);
  });

  test('no scrape: no metrics reporter is configured', () => {
    const names = objects.map((o) => o.metadata.name);
    expect(names.length).toBeGreaterThan(2);
    expect(names).not.toContain('allow-prometheus-scrape');
  });
});
