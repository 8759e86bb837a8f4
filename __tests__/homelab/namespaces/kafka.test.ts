import { namespaceObjects } from '../support/synth';

describe('kafka', () => {
  // GIVEN the kafka composition WHEN synthesized
  const objects = namespaceObjects('kafka');
  const byName = (name: string) => objects.find((o) => o.metadata.name === name);
  const KAFKA_PODS = { matchLabels: { 'strimzi.io/name': 'kafka-cluster-kafka' } };
  const ENTITY_OPERATOR = { matchLabels: { 'strimzi.io/name': 'kafka-cluster-entity-operator' } };
  const inKafka = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } } };

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

});
