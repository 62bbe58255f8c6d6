import { randomBytes } from 'node:crypto';
import { createDeflateRaw, deflateRawSync, inflateRawSync, type ZlibOptions } from 'node:zlib';
import { bodyDictionaryV1 } from '../../../src/store/sqlite/body-dictionary';
import { reusableDeflateRaw } from '../../../src/store/sqlite/reusable-deflate-raw';

const options = { level: 6, windowBits: 14, memLevel: 4, dictionary: bodyDictionaryV1 };

/** Text that compresses, of about `size` bytes, different for every `seed`. */
const textOf = (size: number, seed: number) => {
  let s = '';
  for (let i = 0; s.length < size; i++) s += `{"labels":{"alertname":"High${seed}","pod":"api-${(i * 7919 + seed) % 1000}"},"n":${i}},`;
  return Buffer.from(s.slice(0, size), 'utf8');
};

/** A real engine whose native writes are counted (and fail while `failing` is set). */
function countedEngine() {
  const counted = { writes: 0, failing: false, engine: undefined as ReturnType<typeof createDeflateRaw> | undefined };
  const create = (o: ZlibOptions) => {
    const engine = createDeflateRaw(o);
    const handle = (engine as unknown as { _handle: { writeSync: (...a: unknown[]) => void } })._handle;
    const write = handle.writeSync.bind(handle);
    handle.writeSync = (...a: unknown[]) => {
      counted.writes++;
      if (counted.failing) throw new Error('zlib failed');
      write(...a);
    };
    counted.engine = engine;
    return engine;
  };
  return { counted, create };
}

describe('reusableDeflateRaw', () => {
  it('gives, call after call, the bytes deflateRawSync gives for each input, from one kept stream', () => {
    const { counted, create } = countedEngine();
    const compress = reusableDeflateRaw(options, create);
    const inputs = [textOf(2000, 1), Buffer.alloc(0), textOf(2000, 2), Buffer.from('x'), textOf(40_000, 3), textOf(2000, 1)];
    for (const input of inputs) {
      const got = compress(input);
      expect(got.equals(deflateRawSync(input, options))).toBe(true);
      expect(inflateRawSync(got, { dictionary: bodyDictionaryV1 }).equals(input)).toBe(true);
    }
    expect(counted.writes).toBeGreaterThanOrEqual(inputs.length);
  });

  it('handles output larger than its buffer (incompressible input, several rounds through zlib)', () => {
    const { counted, create } = countedEngine();
    const compress = reusableDeflateRaw({ level: 1 }, create);
    const input = randomBytes(200_000);
    const got = compress(input);
    expect(got.length).toBeGreaterThan(16 * 1024);
    expect(counted.writes).toBeGreaterThan(1);
    expect(got.equals(deflateRawSync(input, { level: 1 }))).toBe(true);
    // and the kept state is clean afterwards
    const small = textOf(3000, 9);
    expect(compress(small).equals(deflateRawSync(small, { level: 1 }))).toBe(true);
  });

  it('sets the dictionary again after each reset: output differs from a dictionary-less deflate, every time', () => {
    const compress = reusableDeflateRaw(options);
    const input = Buffer.from(bodyDictionaryV1.subarray(0, 600));
    for (let i = 0; i < 3; i++) {
      const got = compress(input);
      expect(got.length).toBeLessThan(deflateRawSync(input, { level: 6, windowBits: 14, memLevel: 4 }).length / 4);
      expect(inflateRawSync(got, { dictionary: bodyDictionaryV1 }).equals(input)).toBe(true);
    }
  });

  it('falls back to deflateRawSync where Node lacks the stream internals it drives', () => {
    const compress = reusableDeflateRaw(options, () => ({ destroyed: false, on: () => undefined }));
    const input = textOf(2000, 4);
    expect(compress(input).equals(deflateRawSync(input, options))).toBe(true);
  });

  it('falls back for good once a call fails, and once the stream reports an error', () => {
    const input = textOf(2000, 5);
    const first = countedEngine();
    const compress = reusableDeflateRaw(options, first.create);
    expect(compress(input).equals(deflateRawSync(input, options))).toBe(true);
    expect(first.counted.writes).toBe(1);
    first.counted.failing = true;
    expect(compress(input).equals(deflateRawSync(input, options))).toBe(true);
    expect(compress(input).equals(deflateRawSync(input, options))).toBe(true);
    expect(first.counted.writes).toBe(2); // the failed call, and none since

    const second = countedEngine();
    const other = reusableDeflateRaw(options, second.create);
    expect(other(input).equals(deflateRawSync(input, options))).toBe(true);
    second.counted.engine!.emit('error', new Error('reported by zlib')); // heard: no crash
    expect(other(input).equals(deflateRawSync(input, options))).toBe(true);
    expect(second.counted.writes).toBe(1);
  });
});
