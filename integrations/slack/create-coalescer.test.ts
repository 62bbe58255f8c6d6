import { createCoalescer, type FlushOutcome } from './create-coalescer';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createCoalescer', () => {
  it('flushes the first change at once and folds a later burst into one trailing flush, a window later', async () => {
    const flushes: number[] = [];
    const c = createCoalescer({ windowMs: 100, flush: async () => (flushes.push(Date.now()), 'done') });
    const start = Date.now();
    c.touch('inc_1');
    await sleep(20);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]! - start).toBeLessThan(50);
    for (let i = 0; i < 50; i++) c.touch('inc_1');
    await sleep(20);
    expect(flushes).toHaveLength(1);
    await sleep(150);
    expect(flushes).toHaveLength(2);
    expect(flushes[1]! - flushes[0]!).toBeGreaterThanOrEqual(95);
    await c.stop();
  });

  it('retries a failed flush with backoff until it succeeds', async () => {
    const outcomes: FlushOutcome[] = ['retry', 'retry', 'done'];
    const at: number[] = [];
    const c = createCoalescer({ windowMs: 20, flush: async () => (at.push(Date.now()), outcomes.shift() ?? 'done') });
    c.touch('inc_1');
    await sleep(250);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(35); // 20 × 2^1
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(75); // 20 × 2^2
    await c.stop();
  });

  it('flushNow skips the window, after the running flush', async () => {
    let running = 0;
    let maxRunning = 0;
    const flushes: string[] = [];
    const c = createCoalescer({
      windowMs: 10_000,
      flush: async (key) => {
        maxRunning = Math.max(maxRunning, ++running);
        await sleep(30);
        flushes.push(key);
        running--;
        return 'done';
      },
    });
    c.touch('inc_1');
    await sleep(5);
    c.flushNow('inc_1');
    await sleep(100);
    expect(flushes).toEqual(['inc_1', 'inc_1']);
    expect(maxRunning).toBe(1);
    await c.stop();
  });
});
