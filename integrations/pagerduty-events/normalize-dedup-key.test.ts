import { createHash } from 'node:crypto';
import { normalizeDedupKey } from './normalize-dedup-key';

describe('normalizeDedupKey', () => {
  it('keeps a key of up to 255 characters as it is', () => {
    expect(normalizeDedupKey('k'.repeat(255))).toEqual({ dedupKey: 'k'.repeat(255), hashed: false });
  });

  it('replaces a longer key by its sha256 hex digest', () => {
    const key = `{}/{team="payments"}:{alertname="HighErrorRate", ${'x'.repeat(300)}}`;
    expect(normalizeDedupKey(key)).toEqual({ dedupKey: createHash('sha256').update(key).digest('hex'), hashed: true });
  });

  it('hashes the same key to the same value every time, so acknowledge and resolve find the alert', () => {
    const key = 'z'.repeat(400);
    expect(normalizeDedupKey(key).dedupKey).toBe(normalizeDedupKey(key).dedupKey);
  });

  it('counts UTF-8 bytes, so 200 two-byte characters are hashed', () => {
    expect(normalizeDedupKey('é'.repeat(200)).hashed).toBe(true);
  });
});
