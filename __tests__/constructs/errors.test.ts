import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { fail, failAt } from '../../constructs/errors';

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
