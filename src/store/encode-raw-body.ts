import { deflateRawSync } from 'node:zlib';

/**
 * Bodies of 1 KB and more are stored deflated. A typical single-alert Alertmanager body (~2 KB) deflates to
 * ~0.9 KB, which halves the deliveries table: SQLite keeps a row on one page where it fits, so a 2.5 KB row
 * takes a whole 4 KB page while rows under ~1.4 KB share one three to a page (measured with the history
 * bench: 8.3 → 6.2 KB of data directory per single-alert incident). A 50-alert group (~50 KB) is ~15×
 * smaller. Below 1 KB the saving is a few hundred bytes at most and not worth the CPU.
 */
const deflateFromChars = 1024;

export function encodeRawBody(raw: string): { raw: string | Buffer; rawEncoding: 'utf8' | 'deflate-raw' } {
  if (raw.length < deflateFromChars) return { raw, rawEncoding: 'utf8' };
  return { raw: deflateRawSync(Buffer.from(raw, 'utf8'), { level: 1 }), rawEncoding: 'deflate-raw' };
}
