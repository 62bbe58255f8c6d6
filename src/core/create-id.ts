import { randomFillSync } from 'node:crypto';

// Crockford base32: sortable, URL-safe, unambiguous. Written by translating the base-32 digits JavaScript prints
// (0-9a-v) into this alphabet, digit for digit: the same text as masking and shifting a BigInt per digit, cheaper.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const crockford = new Map([...'0123456789abcdefghijklmnopqrstuv'].map((digit, i) => [digit, alphabet[i]!]));

function encode(value: bigint | number, length: number): string {
  const digits = value.toString(32);
  let out = '';
  for (const digit of digits) out += crockford.get(digit)!;
  // The value always fits (a 48-bit time in 10 digits, the 80-bit counter in 16): pad on the left only.
  return out.padStart(length, '0');
}

// Random bytes are drawn 4 KB at a time: a call per id (randomBytes) cost ~5 µs of each new millisecond's id.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/** 80 random bits. */
function random80(): bigint {
  if (poolAt + 10 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const value = (pool.readBigUInt64BE(poolAt) << 16n) | BigInt(pool.readUInt16BE(poolAt + 8));
  poolAt += 10;
  return value;
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
    lastRandom = random80() >> 1n; // leave room to increment
  }
  return `${prefix}_${encode(lastTime, 10)}${encode(lastRandom, 16)}`;
}
