import { complementRanges, intersectRanges, unionRanges } from '../../../netpol/analyzer/ranges';

describe('range arithmetic (flattened sorted inclusive ranges)', () => {
  it.each<[number[], number[], number[]]>([
    [[], [5, 9], [5, 9]],
    [[1, 3], [], [1, 3]],
    [[1, 3], [4, 6], [1, 6]],
    [[1, 3], [5, 6], [1, 3, 5, 6]],
    [[1, 10], [3, 4], [1, 10]],
    [[5, 6, 20, 30], [1, 2, 7, 8, 25, 40], [1, 2, 5, 8, 20, 40]],
  ])('unions %j and %j into %j, adjacent ranges merged', (a, b, expected) => {
    expect(unionRanges(a, b)).toEqual(expected);
    expect(unionRanges(b, a)).toEqual(expected);
  });

  it.each<[number[], number[], number[]]>([
    [[], [1, 9], []],
    [[1, 5], [6, 9], []],
    [[1, 5], [5, 9], [5, 5]],
    [[1, 10, 20, 30], [5, 25], [5, 10, 20, 25]],
    [[1, 3, 7, 9], [1, 3, 7, 9], [1, 3, 7, 9]],
  ])('intersects %j and %j into %j', (a, b, expected) => {
    expect(intersectRanges(a, b)).toEqual(expected);
    expect(intersectRanges(b, a)).toEqual(expected);
  });

  it.each<[number[], number[], number[]]>([
    [[], [0, 9], [0, 9]],
    [[0, 9], [0, 9], []],
    [[3, 4], [0, 9], [0, 2, 5, 9]],
    [[0, 0, 9, 9], [0, 9], [1, 8]],
    [[1, 8], [0, 0, 2, 5, 7, 9], [0, 0, 9, 9]],
  ])('takes %j out of the universe %j, leaving %j (its gaps stay gaps)', (a, universe, expected) => {
    expect(complementRanges(a, universe)).toEqual(expected);
  });

  it('never changes its inputs', () => {
    const a = Object.freeze([1, 3, 8, 9]);
    const b = Object.freeze([2, 5]);
    expect(() => [unionRanges(a, b), intersectRanges(a, b), complementRanges(b, a)]).not.toThrow();
    expect([a, b]).toEqual([[1, 3, 8, 9], [2, 5]]);
  });
});
