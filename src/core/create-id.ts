import { randomBytes } from 'node:crypto';

// Crockford base32: sortable, URL-safe, unambiguous.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = alphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

let lastTime = 0;
let lastRandom = 0n;

/**
 * A ULID-style identifier with a prefix (`inc_01J…`): ordered by creation time, then by a counter
 * within the same millisecond, so ids double as a stable, adapter-neutral sort and paging key.
 */
export function createId(prefix: string, nowMs: number = Date.now()): string {
  if (nowMs <= lastTime) {
    lastRandom += 1n;
  } else {
    lastTime = nowMs;
    lastRandom = BigInt('0x' + randomBytes(10).toString('hex')) >> 1n; // leave room to increment
  }
  return `${prefix}_${encode(BigInt(lastTime), 10)}${encode(lastRandom, 16)}`;
}
