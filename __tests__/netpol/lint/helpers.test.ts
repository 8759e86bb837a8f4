import type { LabelSelector } from '../../../netpol/analyzer';
import { selectorCovers } from '../../../netpol/lint/helpers';

const sel = (matchLabels: Record<string, string>, matchExpressions: LabelSelector['matchExpressions'] = []): LabelSelector => ({ matchLabels, matchExpressions });

describe('selectorCovers (judged from the requirements alone)', () => {
  it.each<[string, LabelSelector, LabelSelector, boolean]>([
    ['{} covers anything', sel({}), sel({ app: 'a' }), true],
    ['the same labels', sel({ app: 'a' }), sel({ app: 'a', tier: 'x' }), true],
    ['a label the inner selector lacks', sel({ app: 'a' }), sel({}), false],
    ['another value', sel({ app: 'a' }), sel({ app: 'b' }), false],
    ['a label implied by a one-value In', sel({ app: 'a' }), sel({}, [{ key: 'app', operator: 'In', values: ['a'] }]), true],
    ['In covering the inner label', sel({}, [{ key: 'app', operator: 'In', values: ['a', 'b'] }]), sel({ app: 'a' }), true],
    ['In not covering it', sel({}, [{ key: 'app', operator: 'In', values: ['b'] }]), sel({ app: 'a' }), false],
    ['Exists implied by a label', sel({}, [{ key: 'app', operator: 'Exists', values: [] }]), sel({ app: 'a' }), true],
    ['the same expression, values in another order', sel({}, [{ key: 'app', operator: 'NotIn', values: ['x', 'y'] }]), sel({}, [{ key: 'app', operator: 'NotIn', values: ['y', 'x'] }]), true],
    ['NotIn is not derived from labels (cannot tell)', sel({}, [{ key: 'app', operator: 'NotIn', values: ['x'] }]), sel({ app: 'a' }), false],
  ])('%s', (_name, outer, inner, expected) => {
    expect(selectorCovers(outer, inner)).toBe(expected);
  });
});
