/** What a flush reports: done (or failed for good: nothing to retry), or failed for now (retry later). */
export type FlushOutcome = 'done' | 'retry';

export interface Coalescer {
  /** Something changed for `key`: flush soon, at most once per window. */
  touch(key: string): void;
  /** Flush as soon as the current flush (if any) ends, ignoring the window (someone is looking). */
  flushNow(key: string): void;
  /** Cancels pending flushes and waits for the running ones. */
  stop(): Promise<void>;
}

export interface CoalescerOptions {
  /** Minimum time between the starts of two flushes of one key. */
  windowMs: number;
  /** Longest wait between retries of a failing key (default 60 s). */
  maxBackoffMs?: number;
  flush(key: string): Promise<FlushOutcome>;
  /** Monotonic-enough milliseconds; injectable for tests. */
  now?: () => number;
}

interface KeyState {
  dirty: boolean;
  urgent: boolean;
  running?: Promise<FlushOutcome>;
  timer?: NodeJS.Timeout;
  /** Keeps the window's memory for a while after the key went idle, then forgets the key. */
  linger?: NodeJS.Timeout;
  lastStart: number;
  failures: number;
}

/**
 * Throttles work per key: the first change flushes at once, later changes within `windowMs` are folded into
 * one trailing flush. A failed flush is retried with exponential backoff (window × 2^n, capped), and any new
 * change re-arms it, so a Slack outage costs one request per key per backoff step, never a request per event.
 */
export function createCoalescer(options: CoalescerOptions): Coalescer {
  const now = options.now ?? Date.now;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const states = new Map<string, KeyState>();
  let stopped = false;

  const stateOf = (key: string): KeyState => {
    let s = states.get(key);
    if (!s) {
      s = { dirty: false, urgent: false, lastStart: Number.NEGATIVE_INFINITY, failures: 0 };
      states.set(key, s);
    }
    if (s.linger) clearTimeout(s.linger);
    s.linger = undefined;
    return s;
  };

  const schedule = (key: string, s: KeyState): void => {
    if (stopped || s.running || !s.dirty) return;
    if (s.timer && !s.urgent) return;
    const backoff = s.failures > 0 ? Math.min(options.windowMs * 2 ** s.failures, maxBackoffMs) : 0;
    const due = s.urgent ? now() : s.lastStart + Math.max(options.windowMs, backoff);
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => void fire(key, s), Math.max(0, due - now()));
    s.timer.unref();
  };

  const fire = async (key: string, s: KeyState): Promise<void> => {
    s.timer = undefined;
    s.urgent = false;
    s.dirty = false;
    s.lastStart = now();
    s.running = options.flush(key).catch((): FlushOutcome => 'retry');
    const outcome = await s.running;
    s.running = undefined;
    if (outcome === 'retry') {
      s.failures++;
      s.dirty = true;
    } else {
      s.failures = 0;
    }
    if (s.dirty) {
      schedule(key, s);
    } else if (!stopped) {
      s.linger = setTimeout(() => {
        if (!s.dirty && !s.running && !s.timer) states.delete(key);
      }, options.windowMs);
      s.linger.unref();
    }
  };

  return {
    touch(key) {
      const s = stateOf(key);
      s.dirty = true;
      schedule(key, s);
    },
    flushNow(key) {
      const s = stateOf(key);
      s.dirty = true;
      s.urgent = true;
      schedule(key, s);
    },
    async stop() {
      stopped = true;
      for (const s of states.values()) {
        if (s.timer) clearTimeout(s.timer);
        if (s.linger) clearTimeout(s.linger);
      }
      await Promise.allSettled([...states.values()].map((s) => s.running));
      states.clear();
    },
  };
}
