import { deflateRawSync } from 'node:zlib';

/**
 * Large bodies (a 50-alert group is ~50 KB) are stored deflated: ~15× smaller, so a storm does not write
 * hundreds of MB; small ones stay text, where compressing would cost more time than it saves.
 */
export function encodeRawBody(raw: string): { raw: string | Buffer; rawEncoding: 'utf8' | 'deflate-raw' } {
  if (raw.length < 8192) return { raw, rawEncoding: 'utf8' };
  return { raw: deflateRawSync(Buffer.from(raw, 'utf8'), { level: 1 }), rawEncoding: 'deflate-raw' };
}
