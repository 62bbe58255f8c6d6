import { createHash } from 'node:crypto';
import { bodyDictionaryV1 } from './body-dictionary';
import { dictionaryDeflater } from './dictionary-deflate';

/** A body as the `bodies` table stores it, with the hash it is found by. */
export interface EncodedBody {
  /** The first 48 bits of the text's SHA-1: finds candidates only (two bodies may share one). */
  hash: number;
  /** TEXT as received, or a BLOB: the dictionary version (1 byte), then deflate-raw of the UTF-8. */
  stored: string | Buffer;
}

/**
 * How bodies are stored, in one place for both encoders: this module's (main thread) and the encoder
 * thread's (start-body-encoder.ts), which gets it as plain data. Below 1 KB a body stays text: deflating it
 * would save a few hundred bytes at most. Level 6 costs no more than level 1 on a small body and saves ~25 B;
 * on a 50-alert group (~45 KB) it would cost twice level 1's ~100 µs for 15 % less. A small body also gets a
 * small compressor (16 KB window, memLevel 4): byte-for-byte as small, and cheaper to set up. Any inflater
 * reads either (a smaller window only limits how far back it looked).
 */
export const bodyEncoding = {
  dictionaryVersion: 1,
  dictionary: bodyDictionaryV1,
  deflateFromChars: 1024,
  smallBodyChars: 8192,
  small: { level: 6, windowBits: 14, memLevel: 4 },
  large: { level: 1 },
} as const;

const deflateSmallBody = dictionaryDeflater(bodyEncoding.dictionaryVersion, bodyEncoding.dictionary, bodyEncoding.small);
const deflateLargeBody = dictionaryDeflater(bodyEncoding.dictionaryVersion, bodyEncoding.dictionary, bodyEncoding.large);

/** The 48-bit hash a body is looked up by. */
export function bodyHash(text: string): number {
  return createHash('sha1').update(text).digest().readUIntBE(0, 6);
}

/** A body's hash and stored form, on the calling thread. */
export function encodeBody(text: string): EncodedBody {
  return { hash: bodyHash(text), stored: storedBodyForm(text) };
}

/** A body's stored form, on the calling thread. */
export function storedBodyForm(text: string): string | Buffer {
  if (text.length < bodyEncoding.deflateFromChars) return text;
  return text.length < bodyEncoding.smallBodyChars ? deflateSmallBody(text) : deflateLargeBody(text);
}
