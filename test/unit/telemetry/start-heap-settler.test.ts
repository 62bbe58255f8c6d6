import { startHeapSettler, type ExposedGc, type HeapSettled } from '../../../src/telemetry/start-heap-settler';

const MiB = 1024 * 1024;
/** One check interval of the settler (5 ms here), the trim it scheduled 1 ms after a collection included. */
const tick = (intervals = 1) => jest.advanceTimersByTime(5 * intervals);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/**
 * A heap and an event loop the test sets; the collector shrinks the heap to `live`, malloc's trim gives back
 * what it holds free (`freeInMalloc`); they and the call telling the threads to collect record their calls.
 */
function world(heap: number, trim: 'glibc' | 'none' = 'glibc') {
  const w = { heap, live: 20 * MiB, freeInMalloc: 40 * MiB, busy: 0, calls: [] as unknown[], reports: [] as HeapSettled[], afterGc: () => {} };
  const gc: ExposedGc = () => {
    w.calls.push('gc');
    w.heap = w.live;
    w.afterGc();
  };
  const mallocTrim = () => {
    w.calls.push('trim');
    const freed = w.freeInMalloc;
    w.freeInMalloc = 0;
    return freed > 0;
  };
  const stop = startHeapSettler({
    gc,
    settleThreads: () => w.calls.push('threads'),
    threadsWithinMs: 1,
    mallocTrim: trim === 'glibc' ? mallocTrim : null,
    checkEveryMs: 5,
    heapBytes: () => w.heap,
    utilization: () => w.busy,
    onSettled: (s) => w.reports.push(s),
  });
  return { w, stop };
}

describe('startHeapSettler', () => {
  it('gives a grown heap back once the loop is quiet: a full collection, the threads told, malloc trimmed; twice', () => {
    const { w, stop } = world(30 * MiB);
    w.heap = 100 * MiB;
    w.busy = 0.9;
    tick();
    expect(w.calls).toEqual([]);
    w.busy = 0.01;
    tick(3);
    tick(2);
    stop();
    // The second settling, at the next quiet interval, then nothing more: the heap is back under the step.
    expect(w.calls).toEqual(['gc', 'threads', 'trim', 'gc', 'threads', 'trim']);
    expect(w.reports).toEqual([
      { heapBytes: [100 * MiB, 20 * MiB], trimmed: true },
      { heapBytes: [20 * MiB, 20 * MiB], trimmed: false },
    ]);
  });

  it('runs the second collection only at a quiet interval', () => {
    const { w, stop } = world(30 * MiB);
    w.heap = 100 * MiB;
    // Load comes back right after the first collection.
    w.afterGc = () => (w.busy = 0.5);
    tick(3);
    expect(w.calls.filter((c) => c === 'gc')).toHaveLength(1);
    w.busy = 0.01;
    tick();
    stop();
    expect(w.calls.filter((c) => c === 'gc')).toHaveLength(2);
  });

  it("says after each settling whether malloc gave memory back, and trims nothing without a trim to call", () => {
    const { w, stop } = world(30 * MiB);
    w.heap = 100 * MiB;
    tick(3);
    stop();
    // The second trim found nothing left free.
    expect(w.reports.map((r) => r.trimmed)).toEqual([true, false]);
    const none = world(30 * MiB, 'none');
    none.w.heap = 100 * MiB;
    tick(3);
    none.stop();
    expect(none.w.calls).toEqual(['gc', 'threads', 'gc', 'threads']);
    expect(none.w.reports.map((r) => r.trimmed)).toEqual([false, false]);
  });

  it('leaves a heap alone that grew less than the step', () => {
    const { w, stop } = world(30 * MiB);
    w.heap = 40 * MiB;
    tick(3);
    stop();
    expect(w.calls).toHaveLength(0);
  });

  it('leaves a heap that stays large because it is in use alone until it grows another step', () => {
    const { w, stop } = world(30 * MiB);
    w.live = 90 * MiB;
    w.heap = 100 * MiB;
    tick(5);
    expect(w.calls.filter((c) => c === 'gc')).toHaveLength(2);
    w.heap = 120 * MiB;
    tick(5);
    stop();
    expect(w.reports.map((r) => r.heapBytes)).toEqual([[100 * MiB, 90 * MiB], [90 * MiB, 90 * MiB], [120 * MiB, 90 * MiB], [90 * MiB, 90 * MiB]]);
  });

  it('counts growth from the smallest heap seen (V8 shrinking it by itself lowers the mark)', () => {
    const { w, stop } = world(60 * MiB);
    w.heap = 25 * MiB;
    tick();
    w.heap = 45 * MiB;
    tick(3);
    stop();
    expect(w.calls.filter((c) => c === 'gc')).toHaveLength(2);
  });

  it('does nothing after stop, and nothing at all without an exposed collector', () => {
    const { w, stop } = world(30 * MiB);
    stop();
    w.heap = 200 * MiB;
    tick(3);
    expect(w.calls).toHaveLength(0);
    const hadGc = 'gc' in globalThis;
    expect(hadGc).toBe(false);
    const stopNone = startHeapSettler({ checkEveryMs: 5, heapBytes: () => 500 * MiB, utilization: () => 0 });
    expect(jest.getTimerCount()).toBe(0);
    stopNone();
  });
});
