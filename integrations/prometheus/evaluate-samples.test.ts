import { evaluateSamples, type Sample } from './evaluate-samples';
import { parseExpectation } from './parse-expectation';

const expectation = (text: string) => parseExpectation(text)!;
const samples = (...values: string[]): Sample[] => values.map((value, i) => ({ metric: { pod: `p${i}` }, value }));

describe('evaluateSamples', () => {
  it.each([
    ['< 1', '0.5', true],
    ['< 1', '1', false],
    ['<= 1', '1', true],
    ['== 0', '0', true],
    ['== 0', '0.0001', false],
    ['!= 0', '3', true],
    ['> 10', '10', false],
    ['>= 10', '10', true],
    ['> 1000', '+Inf', true],
    ['< 0', '-Inf', true],
    ['< 1', '+Inf', false],
  ])('with %s, the value %s passes: %s', (text, value, satisfied) => {
    expect(evaluateSamples(samples(value), expectation(text), 'fail').satisfied).toBe(satisfied);
  });

  it('needs every sample to pass, and lists the ones that do not', () => {
    const result = evaluateSamples(samples('0.01', '0.3', '0.02'), expectation('< 0.05'), 'fail');
    expect(result).toEqual({ satisfied: false, reason: 'not-met', failing: [{ metric: { pod: 'p1' }, value: '0.3' }] });
  });

  describe('NaN', () => {
    it.each(['< 1', '> 1', '== 0', '!= 0', '>= -1e9'])('never passes %s', (text) => {
      expect(evaluateSamples(samples('NaN'), expectation(text), 'fail')).toMatchObject({ satisfied: false, reason: 'nan' });
    });

    it('names NaN as the reason even when other samples fail on their numbers', () => {
      expect(evaluateSamples(samples('9', 'NaN'), expectation('< 1'), 'fail')).toMatchObject({ reason: 'nan', failing: samples('9', 'NaN') });
    });
  });

  describe('an empty result', () => {
    it('fails with `fail`', () => {
      expect(evaluateSamples([], expectation('== 0'), 'fail')).toEqual({ satisfied: false, reason: 'empty', failing: [] });
    });

    it('passes with `pass`, whatever the expectation', () => {
      expect(evaluateSamples([], expectation('> 100'), 'pass')).toMatchObject({ satisfied: true });
    });

    it('is the value 0 with `zero`', () => {
      expect(evaluateSamples([], expectation('< 1'), 'zero')).toMatchObject({ satisfied: true });
      expect(evaluateSamples([], expectation('> 0'), 'zero')).toMatchObject({ satisfied: false, reason: 'not-met' });
    });
  });
});
