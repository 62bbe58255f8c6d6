import { parseExpectation } from './parse-expectation';

describe('parseExpectation', () => {
  it.each([
    ['< 1', '<', 1],
    ['<=0.05', '<=', 0.05],
    ['== 0', '==', 0],
    ['> 10', '>', 10],
    ['!= 0', '!=', 0],
    ['>= 1e3', '>=', 1000],
    [' < -2.5 ', '<', -2.5],
    ['< .5', '<', 0.5],
  ])('reads %j as %s %d', (text, op, threshold) => {
    expect(parseExpectation(text)).toEqual({ op, threshold, text: text.trim() });
  });

  it.each(['1', '<', '< ', 'about 1', '< NaN', '< +Inf', '< Infinity', '=< 1', '= 1', '< 1 or 2', '< 0x10', '< 1e999'])(
    'rejects %j',
    (text) => {
      expect(parseExpectation(text)).toBeUndefined();
    },
  );
});
