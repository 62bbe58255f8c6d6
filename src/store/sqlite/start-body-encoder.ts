import { Worker } from 'node:worker_threads';
import { heapSettleChannel } from '../heap-settle-channel';
import { bodyEncoding, encodeBody, type EncodedBody } from './body-encoding';

export interface BodyEncoder {
  /**
   * The body's hash and stored form. Answers in the order asked, whatever thread made them, so deliveries
   * reach the group commit in the order they arrived.
   */
  encode(text: string): Promise<EncodedBody>;
  /**
   * Hands the thread the bodies asked for so far (otherwise done at the end of the event-loop turn). The store
   * calls it before each group commit, so the thread encodes while this one commits instead of after.
   */
  send(): void;
  /** Encodes what is still waiting on this thread and stops the encoder thread; later calls encode here. */
  stop(): Promise<void>;
}

interface Waiting {
  text: string;
  resolve(encoded: EncodedBody): void;
  encoded?: EncodedBody;
}

/**
 * The thread's side: plain JavaScript (it runs as given, also under the test runner), the encoding as data.
 * Exported for the tests that run a variant of it.
 */
export const bodyEncoderThreadCode = `
const { createHash } = require('node:crypto');
const { constants, createDeflateRaw, deflateRawSync } = require('node:zlib');
const { getHeapStatistics } = require('node:v8');
const { parentPort, workerData: e } = require('node:worker_threads');
// The heap a storm's bodies grew (~40 MiB at 50-alert groups; V8 keeps it after) is collected when the process
// settles its own (heap-settle-channel.ts; only with --expose-gc). The parent hears of it: for tests.
if (typeof gc === 'function') {
  const settle = new BroadcastChannel(e.settleChannel);
  settle.onmessage = () => {
    const before = getHeapStatistics().used_heap_size;
    gc();
    parentPort.postMessage({ settled: [before, getHeapStatistics().used_heap_size] });
  };
  settle.unref();
}
// One zlib state per option set, kept and reset after each body (reusable-deflate-raw.ts, the main thread's, says
// why): deflateRawSync built a stream and set its dictionary up for every body, ~10 µs of the ~39 µs this thread
// spent per single-alert body. The output buffer is sized for the worst case, so one call deflates a whole body.
// Byte for byte deflateRawSync's output. Through deflateRawSync instead: a body over 1 MiB (the buffer is kept),
// every body when the stream lacks a part this drives, and after a failing call or a destroyed stream, that body
// and every later one.
const keptDeflate = (options) => {
  const fallback = (input) => deflateRawSync(input, options);
  const engine = createDeflateRaw(options);
  const state = engine._writeState;
  const handle = engine._handle;
  if (!ArrayBuffer.isView(state) || typeof handle?.writeSync !== 'function' || typeof handle.reset !== 'function') return fallback;
  let out = Buffer.allocUnsafe(0);
  let broken = false;
  engine.on('error', () => (broken = true));
  return (input) => {
    if (broken || input.length > 1024 * 1024) return fallback(input);
    // More than deflate can write for this input (zlib's own bound stays under 1.14 times it plus a few bytes).
    const room = input.length + (input.length >> 2) + 64;
    if (out.length < room) out = Buffer.allocUnsafe(room);
    try {
      handle.writeSync(constants.Z_FINISH, input, 0, input.length, out, 0, room);
      if (engine.destroyed) throw new Error('deflate stream destroyed');
      const left = state[0];
      handle.reset();
      return left === 0 ? fallback(input) : Buffer.from(out.subarray(0, room - left));
    } catch {
      broken = true;
      return fallback(input);
    }
  };
};
const deflateSmall = keptDeflate({ ...e.small, dictionary: e.dictionary });
const deflateLarge = keptDeflate({ ...e.large, dictionary: e.dictionary });
parentPort.on('message', ({ first, texts }) => {
  const hashes = new Array(texts.length);
  const parts = [];
  const ends = new Uint32Array(texts.length);
  let end = 0;
  texts.forEach((text, i) => {
    hashes[i] = createHash('sha1').update(text).digest().readUIntBE(0, 6);
    const bytes = (text.length < e.smallBodyChars ? deflateSmall : deflateLarge)(Buffer.from(text, 'utf8'));
    parts.push(bytes);
    end += 1 + bytes.length;
    ends[i] = end;
  });
  // One buffer of its own (never a slice of Node's shared pool), transferred, not copied.
  const out = new Uint8Array(end);
  parts.forEach((bytes, i) => {
    const at = i === 0 ? 0 : ends[i - 1];
    out[at] = e.dictionaryVersion;
    out.set(bytes, at + 1);
  });
  parentPort.postMessage({ first, hashes, ends, bytes: out }, [out.buffer]);
});
`;

/**
 * Hashes and deflates delivery bodies on a thread of their own, so the event loop does not: for a single-alert
 * delivery that was ~20 µs of its ~250 µs on the main thread (SHA-1 and deflate of ~2 KB), for a 50-alert
 * group ~150 µs of ~1.7 ms. A delivery waits for its body here before it joins the group commit (so one
 * event-loop turn later); nothing is answered before its commit, as before.
 *
 * Bodies below the deflate threshold (stored as text) are hashed here, on the main thread, but still
 * answered in turn. Should the thread fail or exit, whatever it had not answered and everything after is
 * encoded on the main thread: slower, never lost. Both threads encode with `bodyEncoding` (the worker gets it
 * as data and calls zlib directly), so a body comes out byte for byte the same either way (tested). A thread
 * that stops answering without failing would hold every delivery: one that leaves a batch unanswered for
 * `answerWithinMs` (5 s; a batch takes milliseconds) is stopped and the main thread takes over the same way.
 * `code` and `answerWithinMs` are for tests of those fallbacks; `onSettled` hears of each collection the thread
 * made when told to (the size of its live heap before and after: a first collection may keep the space), for
 * tests too.
 */
export function startBodyEncoder(code: string = bodyEncoderThreadCode, answerWithinMs = 5000, onSettled?: (before: number, after: number) => void): BodyEncoder {
  const waiting: Waiting[] = [];
  // Bodies asked for in this event-loop turn go to the thread together, in one message, at the turn's end;
  // one message per body cost the main thread as much as the deflate it saved.
  let outbox: Waiting[] = [];
  const sent = new Map<number, { batch: Waiting[]; at: number }>();
  let nextBatch = 0;
  let alive = true;
  const worker = new Worker(code, { eval: true, workerData: { ...bodyEncoding, settleChannel: heapSettleChannel } });

  // Answers the longest run of encoded bodies at the head, in the order they were asked for.
  const release = () => {
    while (waiting.length > 0 && waiting[0]!.encoded !== undefined) {
      const w = waiting.shift()!;
      w.resolve(w.encoded!);
    }
  };
  const send = () => {
    const batch = outbox;
    outbox = [];
    if (batch.length === 0) return;
    if (!alive) {
      for (const w of batch) w.encoded = encodeBody(w.text);
      return release();
    }
    if (sent.size === 0) worker.ref();
    sent.set(nextBatch, { batch, at: Date.now() });
    worker.postMessage({ first: nextBatch++, texts: batch.map((w) => w.text) });
    watchdog ??= setInterval(watch, Math.max(1, answerWithinMs / 5)).unref();
  };
  let watchdog: NodeJS.Timeout | undefined;
  const watch = () => {
    const oldest = sent.values().next().value;
    if (oldest && Date.now() - oldest.at > answerWithinMs) {
      takeOver();
      void worker.terminate();
    }
  };
  const takeOver = () => {
    if (!alive) return;
    alive = false;
    clearInterval(watchdog);
    for (const { batch } of sent.values()) for (const w of batch) w.encoded = encodeBody(w.text);
    sent.clear();
    send();
    release();
  };
  type Answer = { first: number; hashes: number[]; ends: Uint32Array; bytes: Uint8Array };
  worker.on('message', (message: Answer | { settled: [number, number] }) => {
    if ('settled' in message) return onSettled?.(...message.settled);
    const { first, hashes, ends, bytes } = message;
    const batch = sent.get(first)?.batch;
    if (!batch) return;
    sent.delete(first);
    if (sent.size === 0) worker.unref();
    const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    batch.forEach((w, i) => (w.encoded = { hash: hashes[i]!, stored: all.subarray(i === 0 ? 0 : ends[i - 1], ends[i]) }));
    release();
  });
  // A failing encoder must never take the process down or hold a delivery: the main thread takes over.
  worker.on('error', takeOver);
  worker.on('exit', takeOver);
  // Held only while bodies are out: an idle encoder must not keep the process alive, a busy one must (a script
  // awaiting a delivery would otherwise exit before the answer came back). After the listeners: adding a
  // 'message' listener holds the worker's port again.
  worker.unref();

  return {
    encode(text) {
      return new Promise<EncodedBody>((resolve) => {
        const w: Waiting = { text, resolve };
        waiting.push(w);
        if (!alive || text.length < bodyEncoding.deflateFromChars) {
          w.encoded = encodeBody(text);
          return release();
        }
        if (outbox.length === 0) setImmediate(send);
        outbox.push(w);
      });
    },
    send,
    async stop() {
      takeOver();
      await worker.terminate();
    },
  };
}
