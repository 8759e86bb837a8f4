import { formatSelector, labelKeyProblem, labelValueProblem, matches, sameLabels } from '../../../netpol/analyzer/selectors';
import type { LabelSelector } from '../../../netpol/analyzer';

const selector = (partial: Partial<LabelSelector>): LabelSelector => ({ matchLabels: {}, matchExpressions: [], ...partial });

describe('label selectors', () => {
  it.each<[string, LabelSelector, Record<string, string>, boolean]>([
    ['{} selects everything', selector({}), {}, true],
    ['matchLabels equal', selector({ matchLabels: { app: 'web' } }), { app: 'web', x: 'y' }, true],
    ['matchLabels differ', selector({ matchLabels: { app: 'web' } }), { app: 'db' }, false],
    ['matchLabels missing key', selector({ matchLabels: { app: 'web' } }), {}, false],
    ['In listed', selector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] }), { app: 'b' }, true],
    ['In missing key', selector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['a'] }] }), {}, false],
    ['NotIn other value', selector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }), { app: 'b' }, true],
    ['NotIn missing key', selector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }), {}, true],
    ['NotIn listed', selector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }), { app: 'a' }, false],
    ['Exists with empty value', selector({ matchExpressions: [{ key: 'app', operator: 'Exists', values: [] }] }), { app: '' }, true],
    ['DoesNotExist', selector({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: [] }] }), { other: 'x' }, true],
    ['labels AND expressions both must hold', selector({ matchLabels: { tier: 'front' }, matchExpressions: [{ key: 'app', operator: 'Exists', values: [] }] }), { app: 'x' }, false],
  ])('%s', (_name, sel, labels, expected) => {
    expect(matches(sel, labels)).toBe(expected);
  });

  it('prints in kubectl notation', () => {
    expect(
      formatSelector(
        selector({
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['a', 'b'] },
            { key: 'env', operator: 'NotIn', values: ['dev'] },
            { key: 'team', operator: 'Exists', values: [] },
            { key: 'legacy', operator: 'DoesNotExist', values: [] },
          ],
        }),
      ),
    ).toBe('app=web,tier in (a,b),env notin (dev),team,!legacy');
  });

  it.each([
    ['app', undefined],
    ['app.kubernetes.io/name', undefined],
    ['kubernetes.io/metadata.name', undefined],
    ['/name', 'its prefix "" must be a lower-case DNS subdomain such as "example.com"'],
    ['example.com/', 'its name part must not be empty'],
    ['-app', 'it must consist of letters, digits, "-", "_" or "." and start and end with a letter or digit'],
  ])('label key %j', (key, problem) => {
    expect(labelKeyProblem(key)).toBe(problem);
  });

  it.each([
    ['', undefined],
    ['v1.2_3-x', undefined],
    ['a b', 'it must be empty or consist of letters, digits, "-", "_" or "." and start and end with a letter or digit'],
  ])('label value %j', (value, problem) => {
    expect(labelValueProblem(value)).toBe(problem);
  });
});

describe('sameLabels', () => {
  it.each([
    [{}, {}, true],
    [{ app: 'web', tier: 'a' }, { tier: 'a', app: 'web' }, true],
    [{ app: 'web' }, { app: 'web', tier: 'a' }, false],
    [{ app: 'web', tier: 'a' }, { app: 'web' }, false],
    [{ app: 'web' }, { app: 'db' }, false],
    [{ app: 'web' }, { role: 'web' }, false],
  ])('%j and %j: %s', (a, b, same) => {
    expect(sameLabels(a, b)).toBe(same);
  });
});
