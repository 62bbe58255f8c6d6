import { createDeflateRaw, deflateRawSync, constants, type ZlibOptions } from 'node:zlib';

/** The parts of a zlib stream used here, none of them public API; checked before use (see below). */
interface EngineInternals {
  _handle?: { writeSync?: unknown; reset?: unknown } | null;
  _writeState?: Uint32Array;
  destroyed: boolean;
  on(event: 'error', listener: () => void): void;
}

type Handle = {
  writeSync(flush: number, input: Buffer, inOffset: number, inLength: number, out: Buffer, outOffset: number, outLength: number): void;
  reset(): void;
};

/**
 * A deflate-raw compressor kept from call to call: `(input) => bytes`, byte-for-byte what `deflateRawSync(input,
 * options)` returns. `deflateRawSync` builds a stream object and a zlib state for every call and throws both
 * away; with a preset dictionary that was ~22 µs for a 2 KB body, of which ~10 µs was the construction alone
 * (two such calls per delivery: its body and its decisions). This keeps one zlib state and resets it after each
 * use, which zlib does cheaply and Node's binding follows by setting the dictionary again.
 *
 * It drives the stream's native handle the way Node's own `deflateRawSync` does (`_handle.writeSync`, its
 * `_writeState`), which is not public API. So it is checked once on creation and after every call: should a
 * Node version lack those parts, or a call fail or leave the stream destroyed, that call and every later one
 * go through `deflateRawSync` instead, and nothing but speed changes. Main thread only (not thread-safe); the body
 * encoder thread keeps zlib states the same way in its own plain JavaScript (start-body-encoder.ts).
 * `createEngine` is for tests of those fallbacks.
 */
export function reusableDeflateRaw(options: ZlibOptions, createEngine: (options: ZlibOptions) => unknown = createDeflateRaw): (input: Buffer) => Buffer {
  const fallback = (input: Buffer) => deflateRawSync(input, options);
  const engine = createEngine(options) as EngineInternals;
  const state = engine._writeState;
  const handle = engine._handle;
  if (!ArrayBuffer.isView(state) || state.length < 2 || typeof handle?.writeSync !== 'function' || typeof handle.reset !== 'function') return fallback;
  const native = handle as Handle;
  let out = Buffer.allocUnsafe(16 * 1024);
  let broken = false;
  // A failing zlib call destroys the stream, which emits 'error': unheard, that would crash the process.
  engine.on('error', () => (broken = true));
  return (input) => {
    if (broken) return fallback(input);
    try {
      const parts: Buffer[] = [];
      let inOffset = 0;
      let inLength = input.length;
      for (;;) {
        native.writeSync(constants.Z_FINISH, input, inOffset, inLength, out, 0, out.length);
        if (engine.destroyed) throw new Error('deflate stream destroyed');
        const availOut = state[0]!;
        const availIn = state[1]!;
        if (availOut < out.length) parts.push(Buffer.from(out.subarray(0, out.length - availOut)));
        if (availOut !== 0) break;
        // The output buffer filled up: zlib has more for us, and may not have read all the input yet.
        inOffset += inLength - availIn;
        inLength = availIn;
        if (out.length < 1024 * 1024) out = Buffer.allocUnsafe(out.length * 2);
      }
      native.reset();
      return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    } catch {
      broken = true;
      return fallback(input);
    }
  };
}
