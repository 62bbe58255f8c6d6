import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { BroadcastChannel } from 'node:worker_threads';
import { heapSettleChannel } from '../store/heap-settle-channel';
import { loadMallocTrim, type MallocTrim } from './load-malloc-trim';

/**
 * V8's collector as `--expose-gc` exposes it, called without options: a full, synchronous collection. (Called with
 * an options object — `{ type: 'major' }`, with or without `flavor: 'last-resort'` — Node 20's synchronous
 * collection left a dropped 80 MiB array in place in a test script, and a storm's garbage in the server; only the
 * asynchronous form collected it, a task later.)
 */
export type ExposedGc = () => void;

export interface HeapSettlerOptions {
  /** The collector; by default the one `--expose-gc` puts on globalThis (without the flag: nothing is done). */
  gc?: ExposedGc;
  /** How often the heap is looked at (10 s). */
  checkEveryMs?: number;
  /** Growth over the heap's size after the last settling that is worth giving back (16 MiB). */
  growthBytes?: number;
  /** Event-loop utilisation over the last interval under which the process counts as quiet (5 %). */
  quietUtilization?: number;
  /** The heap's committed size, and how busy the event loop was since the last call: for tests. */
  heapBytes?: () => number;
  utilization?: () => number;
  /** Tells the threads with a heap of their own to collect it; by default a message on heap-settle-channel.ts. */
  settleThreads?: () => void;
  /** How long the threads get for that before malloc is trimmed (1 s; a thread's collection takes ~10 ms). */
  threadsWithinMs?: number;
  /** Hands malloc's free memory back after each settling; by default glibc's (load-malloc-trim.ts), null: none. */
  mallocTrim?: MallocTrim | null;
  /** Told each time the heap is settled. */
  onSettled?: (settled: HeapSettled) => void;
}

/**
 * One settling: V8's committed heap (this thread's) before and after, and whether malloc gave memory back. (Not
 * the resident set: V8's sweeper threads unmap the freed pages moments after the collection returns, so read at
 * once it says little.)
 */
export interface HeapSettled {
  heapBytes: [before: number, after: number];
  trimmed: boolean;
}

/**
 * Gives a storm's heap back once the storm is over. Under load V8 grows the young generation to its maximum
 * (64 MiB with the served `--max-semi-space-size=32`) and the old one with it, and keeps both after the load
 * stops: it shrinks them at a collection that finds little allocated over the last seconds, and a quiet server
 * allocates too little to need one — its memory reducer got to it after ~35 s in one run, not within the minute
 * in others (RSS 1.4–2.3× of idle a minute after the storm). So, every `checkEveryMs`: when the committed heap is
 * `growthBytes` over the smallest seen since the last settling and the event loop was quiet for the whole
 * interval, one full collection (measured: 140 → 19 MiB, idle's size, ~10–30 ms on a quiet loop), and one more at
 * the next quiet interval: a collection soon after the storm still counts the storm's allocation and frees the
 * garbage but may keep the space, here (seen as 97 → 94 MiB, then 94 → 23) or in a thread (RSS a minute after a
 * storm 1.22× of idle after one settling, 1.06–1.09× after two). Never while deliveries keep the loop busy, and
 * a heap that stays large because it is in use is collected twice per growth step, not every interval. Each time,
 * the threads with a heap of their own are told to collect theirs (the body encoder's grows with a storm too),
 * and `threadsWithinMs` later what malloc holds free is handed back (`malloc_trim`: measured ~40 MiB of RSS
 * after a storm, ~20 ms for 60 MiB), since the buffers those collections finalised were malloc's. This is the
 * one rule: the threads collect only when told.
 *
 * Returns a function that stops it. A no-op when the collector is not exposed (node started without
 * `--expose-gc`): V8 still settles the heap, later.
 */
export function startHeapSettler(options: HeapSettlerOptions = {}): () => void {
  const gc = options.gc ?? (globalThis as { gc?: ExposedGc }).gc;
  if (!gc) return () => {};
  const heapBytes = options.heapBytes ?? (() => v8.getHeapStatistics().total_heap_size);
  const utilization = options.utilization ?? eventLoopUtilization();
  const growthBytes = options.growthBytes ?? 16 * 1024 * 1024;
  const quiet = options.quietUtilization ?? 0.05;
  let mallocTrim = options.mallocTrim;
  // Opened at the first settling, closed by stop; never what keeps the process alive.
  let channel: BroadcastChannel | undefined;
  const settleThreads =
    options.settleThreads ??
    (() => {
      channel ??= new BroadcastChannel(heapSettleChannel).unref();
      channel.postMessage('settle');
    });
  const threadsWithinMs = options.threadsWithinMs ?? 1000;
  let trimming: NodeJS.Timeout | undefined;
  // The smallest heap seen since the last settling: growth counts from there (V8 may shrink it by itself).
  let mark = heapBytes();
  // A settling is two collections, the second at the next quiet interval (see above).
  let again = false;
  const timer = setInterval(() => {
    const busy = utilization();
    const before = heapBytes();
    mark = Math.min(mark, before);
    if (busy >= quiet) return;
    if (!again && before < mark + growthBytes) return;
    gc();
    settleThreads();
    const after = heapBytes();
    trimming = setTimeout(() => {
      if (mallocTrim === undefined) mallocTrim = loadMallocTrim() ?? null;
      options.onSettled?.({ heapBytes: [before, after], trimmed: mallocTrim?.() ?? false });
    }, threadsWithinMs);
    trimming.unref();
    again = !again;
    if (!again) mark = after;
  }, options.checkEveryMs ?? 10_000);
  // Housekeeping: never what keeps the process alive.
  timer.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(trimming);
    channel?.close();
  };
}

/** The event loop's utilisation (0–1) since the previous call. */
function eventLoopUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const since = performance.eventLoopUtilization(now, last);
    last = now;
    return since.utilization;
  };
}
