import { parseEpochReset, parseRetryAfter } from './parse-retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-14T09:47:00.000Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date as the time left until then', () => {
    expect(parseRetryAfter('Sat, 14 Mar 2026 09:48:00 GMT', now)).toBe(60_000);
  });

  it('never returns a negative wait for a date in the past', () => {
    expect(parseRetryAfter('Sat, 14 Mar 2026 09:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '1.5'])('ignores %p', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('parseEpochReset', () => {
  const now = Date.parse('2026-03-14T09:47:00.000Z');

  it('turns epoch seconds into the time left', () => {
    expect(parseEpochReset(String(now / 1000 + 90), now)).toBe(90_000);
    expect(parseEpochReset(String(now / 1000 - 90), now)).toBe(0);
  });

  it('ignores anything else', () => {
    expect(parseEpochReset('tomorrow', now)).toBeUndefined();
    expect(parseEpochReset(undefined, now)).toBeUndefined();
  });
});
