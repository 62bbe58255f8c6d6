import { subsetDifferences } from '../../../src/playbook-tests/subset-differences';

describe('subsetDifferences', () => {
  it('accepts extra keys in the actual mapping, at any depth', () => {
    expect(subsetDifferences({ a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'x', d: 2 }, e: 3 }, [])).toEqual([]);
  });

  it('names each differing leaf with its path', () => {
    expect(subsetDifferences({ a: 1, b: { c: 'x' }, z: true }, { a: 2, b: { c: 'y' } }, ['input'])).toEqual([
      { path: ['input', 'a'], expected: 1, actual: 2 },
      { path: ['input', 'b', 'c'], expected: 'x', actual: 'y' },
      { path: ['input', 'z'], expected: true, actual: undefined },
    ]);
  });

  it('compares lists item by item and requires the same length', () => {
    expect(subsetDifferences(['a', { k: 1 }], ['a', { k: 1, extra: 0 }], [])).toEqual([]);
    expect(subsetDifferences(['a', 'b'], ['a', 'c'], ['argv'])).toEqual([{ path: ['argv', 1], expected: 'b', actual: 'c' }]);
    expect(subsetDifferences(['a'], ['a', 'b'], ['argv'])).toEqual([{ path: ['argv'], expected: ['a'], actual: ['a', 'b'] }]);
  });

  it('does not take a string for a number or a mapping for a list', () => {
    expect(subsetDifferences({ n: 1 }, { n: '1' }, [])).toEqual([{ path: ['n'], expected: 1, actual: '1' }]);
    expect(subsetDifferences(['a'], { 0: 'a' }, [])).toEqual([{ path: [], expected: ['a'], actual: { 0: 'a' } }]);
  });
});
