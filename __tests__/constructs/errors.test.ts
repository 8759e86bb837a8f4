import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigurationError, didYouMean, fail, failAt } from '../../constructs/errors';

describe('fail', () => {
  test('prefixes the message with the construct path', () => {
    // GIVEN
    const rule = new Construct(new Construct(Testing.chart(), 'velero'), 'ClusterApi');

    // WHEN / THEN
    expect(() => fail(rule, 'Something is wrong.')).toThrow(/^\[test\/velero\/ClusterApi\] Something is wrong\.$/);
  });

  test('failAt prefixes with a path given as text', () => {
    expect(() => failAt('velero', 'Something is wrong.')).toThrow(/^\[velero\] Something is wrong\.$/);
  });
});

describe('ConfigurationError and the source site', () => {
  test('fail with a site prefixes file:line, and throws a ConfigurationError', () => {
    const rule = new Construct(Testing.chart(), 'velero');
    expect(() => fail(rule, 'Something is wrong.', { file: 'homelab/namespaces/velero.ts', line: 7 }))
      .toThrow(new ConfigurationError('homelab/namespaces/velero.ts:7: [test/velero] Something is wrong.'));
  });
});

describe('didYouMean', () => {
  test('suggests the closest candidate when it is close, and nothing otherwise', () => {
    expect(didYouMean('lokki', ['loki', 'velero'])).toBe(' Did you mean "loki"?');
    expect(didYouMean('kube-sytem', ['kube-system', 'kube-public'])).toBe(' Did you mean "kube-system"?');
    expect(didYouMean('jellyfin', ['loki', 'velero'])).toBe('');
    expect(didYouMean('x', [])).toBe('');
  });
});
