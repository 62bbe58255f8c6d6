import { inflateRawSync, type ZlibOptions } from 'node:zlib';
import { reusableDeflateRaw } from './reusable-deflate-raw';

/**
 * A compressor for the stored form of text deflated with a preset dictionary (bodies, decisions): one byte naming
 * the dictionary's version, then deflate-raw of the UTF-8. A dictionary, once used, is never edited: a new one
 * gets a new version, so every stored value names what inflates it. Each caller keeps one per option set; its
 * zlib state is made on first use and kept (reusable-deflate-raw.ts).
 */
export function dictionaryDeflater(version: number, dictionary: Buffer, options: Pick<ZlibOptions, 'level' | 'windowBits' | 'memLevel'>): (text: string) => Buffer {
  let compress: ((input: Buffer) => Buffer) | undefined;
  return (text) => {
    compress ??= reusableDeflateRaw({ ...options, dictionary });
    return Buffer.concat([Buffer.of(version), compress(Buffer.from(text, 'utf8'))]);
  };
}

/** Back to the text; `what` names the value in the error when it names a dictionary this code does not know. */
export function inflateWithDictionary(stored: unknown, dictionaries: ReadonlyMap<number, Buffer>, what: string): string {
  const bytes = Buffer.from(stored as Uint8Array);
  const dictionary = dictionaries.get(bytes[0]!);
  if (!dictionary) throw new Error(`stored ${what} with unknown dictionary ${bytes[0]}`);
  return inflateRawSync(bytes.subarray(1), { dictionary }).toString('utf8');
}
