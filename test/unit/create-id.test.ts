import { createId } from '../../src/core/create-id';

describe('createId', () => {
  it('sorts by creation time, including many ids within one millisecond', () => {
    const ids = [createId('inc', 1000), ...Array.from({ length: 500 }, () => createId('inc', 2000)), createId('inc', 3000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps order when the clock goes backwards', () => {
    const a = createId('x', 5000);
    const b = createId('x', 4000);
    expect(b > a).toBe(true);
  });

  it('spells the millisecond and the counter in Crockford base32, counting up by one within a millisecond', () => {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const decode = (text: string) => [...text].reduce((n, c) => n * 32n + BigInt(alphabet.indexOf(c)), 0n);
    // Later than any millisecond the other tests used: an earlier one would reuse the last (ids never go back).
    for (const ms of [1_700_000_000_123, 2 ** 47, 2 ** 48 - 1]) {
      const [first, second] = [createId('t', ms), createId('t', ms)].map((id) => id.slice(2));
      expect(decode(first!.slice(0, 10))).toBe(BigInt(ms));
      expect(decode(second!.slice(0, 10))).toBe(BigInt(ms));
      // A fresh millisecond starts the counter at a random value below 2^79, leaving room to count up.
      expect(decode(first!.slice(10))).toBeLessThan(2n ** 79n);
      expect(decode(second!.slice(10)) - decode(first!.slice(10))).toBe(1n);
    }
    const counters = Array.from({ length: 50 }, (_, i) => decode(createId('t', 2 ** 48 + i).slice(12)));
    expect(new Set(counters).size).toBe(50);
  });

  it('is prefixed and URL-safe', () => {
    expect(createId('dlv')).toMatch(/^dlv_[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
