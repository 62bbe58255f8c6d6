import { inflateRawSync, type ZlibOptions } from 'node:zlib';
import { reusableDeflateRaw } from './reusable-deflate-raw';

type DeflateOptions = Pick<ZlibOptions, 'level' | 'windowBits' | 'memLevel'>;

/** One kept compressor per dictionary and option set (a handful in all: bodies and decisions, small and large). */
const compressors = new WeakMap<Buffer, Map<string, (input: Buffer) => Buffer>>();

function compressorFor(dictionary: Buffer, options: DeflateOptions): (input: Buffer) => Buffer {
  let byOptions = compressors.get(dictionary);
  if (!byOptions) compressors.set(dictionary, (byOptions = new Map()));
  const key = `${options.level}/${options.windowBits}/${options.memLevel}`;
  let compress = byOptions.get(key);
  if (!compress) byOptions.set(key, (compress = reusableDeflateRaw({ ...options, dictionary })));
  return compress;
}

/**
 * The stored form of text deflated with a preset dictionary (bodies, decisions): one byte naming the
 * dictionary's version, then deflate-raw of the UTF-8. A dictionary, once used, is never edited: a new one
 * gets a new version, so every stored value names what inflates it.
 */
export function deflateWithDictionary(text: string, version: number, dictionary: Buffer, options: DeflateOptions): Buffer {
  return Buffer.concat([Buffer.of(version), compressorFor(dictionary, options)(Buffer.from(text, 'utf8'))]);
}

/** Back to the text; `what` names the value in the error when it names a dictionary this code does not know. */
export function inflateWithDictionary(stored: unknown, dictionaries: ReadonlyMap<number, Buffer>, what: string): string {
  const bytes = Buffer.from(stored as Uint8Array);
  const dictionary = dictionaries.get(bytes[0]!);
  if (!dictionary) throw new Error(`stored ${what} with unknown dictionary ${bytes[0]}`);
  return inflateRawSync(bytes.subarray(1), { dictionary }).toString('utf8');
}
