import { inflateRawSync } from 'node:zlib';

/**
 * The inverse of encodeRawBody: a stored body back to the text that was received. `raw` is text, or bytes
 * as the driver returns them (a Buffer from SQLite, a BSON Binary from MongoDB: anything with a `buffer`).
 */
export function decodeRawBody(raw: unknown, rawEncoding: unknown): string {
  if (rawEncoding !== 'deflate-raw') return typeof raw === 'string' ? raw : bytesOf(raw).toString('utf8');
  return inflateRawSync(bytesOf(raw)).toString('utf8');
}

function bytesOf(raw: unknown): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const inner = (raw as { buffer?: unknown } | null)?.buffer;
  if (inner instanceof Uint8Array) return Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength);
  throw new Error('stored raw body is neither text nor bytes');
}
