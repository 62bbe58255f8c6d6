import { parseDuration } from '../../../src/config/parse-duration';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1m5s', 65_000],
    ['1500', 1_500],
    ['0', 0],
    [' 5M ', 300_000],
  ])('reads %p as %p milliseconds', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'ms', '5 m', '-1s', '-100', '1.5h', '5x', '5mm', '30m5h', '5 minutes', '9'.repeat(30)])(
    'rejects %p',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});
