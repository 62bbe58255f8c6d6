import { createHash } from 'node:crypto';

/** The Events API's limit on `dedup_key`. */
const MAX_DEDUP_KEY_LENGTH = 255;

/**
 * Fits a dedup key into PagerDuty's 255 characters. Short keys pass unchanged, so they stay readable in the
 * PagerDuty UI; longer ones become their sha256 hex digest (64 characters), as Alertmanager does with group
 * keys. Deterministic, so trigger, acknowledge and resolve of one key always reach the same alert. Measured in
 * UTF-8 bytes, which is never less than the character count, so a non-ASCII key cannot slip past the limit.
 */
export function normalizeDedupKey(key: string): { dedupKey: string; hashed: boolean } {
  if (Buffer.byteLength(key, 'utf8') <= MAX_DEDUP_KEY_LENGTH) return { dedupKey: key, hashed: false };
  return { dedupKey: createHash('sha256').update(key, 'utf8').digest('hex'), hashed: true };
}
