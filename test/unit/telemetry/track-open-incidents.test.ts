import type { DeliveryOutcome } from '../../../src/core/incidents/decision';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { trackOpenIncidents, type OpenIncidentsTracker } from '../../../src/telemetry/track-open-incidents';

const outcome = (decisions: DeliveryOutcome['decisions'], duplicateDelivery = false): DeliveryOutcome => ({ deliveryId: 'dlv_1', duplicateDelivery, decisions });
const d = (kind: DeliveryOutcome['decisions'][number]['kind'], incidentId: string, incidentResolved?: boolean) => ({
  kind,
  incidentId,
  reason: 'r',
  ...(incidentResolved ? { incidentResolved } : {}),
});

/** A count the test answers by hand, so it can be held in flight. */
function heldCount() {
  const pending: Array<{ resolve(n: number): void; reject(e: Error): void }> = [];
  return {
    calls: () => pending.length,
    count: () => new Promise<number>((resolve, reject) => pending.push({ resolve, reject })),
    answer: (n: number) => pending.at(-1)!.resolve(n),
    fail: () => pending.at(-1)!.reject(new Error('database is locked')),
  };
}

describe('trackOpenIncidents', () => {
  let tracker: OpenIncidentsTracker | undefined;
  afterEach(() => {
    tracker?.stop();
    jest.useRealTimers();
  });
  const value = async (metrics: ReturnType<typeof createMetrics>) => (await metrics.openIncidents.get()).values[0]!.value;

  it('starts from the count, then adds opens and reopens and subtracts resolves, once per incident', async () => {
    const metrics = createMetrics();
    tracker = trackOpenIncidents({ metrics, count: async () => 5, intervalMs: 60_000, resyncAlways: false });
    expect(Number.isNaN(await value(metrics))).toBe(true);
    await tracker.sync();
    expect(await value(metrics)).toBe(5);
    tracker.delivered(outcome([d('new_incident', 'inc_a'), d('attached', 'inc_a'), d('reopened', 'inc_b')]));
    expect(await value(metrics)).toBe(7);
    tracker.delivered(outcome([d('state_change', 'inc_a', true), d('duplicate', 'inc_c'), d('stale', 'inc_d')]));
    expect(await value(metrics)).toBe(6);
    // Opened and resolved by the same delivery: no change.
    tracker.delivered(outcome([d('new_incident', 'inc_e'), d('state_change', 'inc_e', true)]));
    tracker.delivered(outcome([d('new_incident', 'inc_f')], true));
    expect(await value(metrics)).toBe(6);
    tracker.resolved();
    expect(await value(metrics)).toBe(5);
  });

  it('adds the changes committed while a count was in flight to that count, and never runs two counts at once', async () => {
    const metrics = createMetrics();
    const held = heldCount();
    tracker = trackOpenIncidents({ metrics, count: held.count, intervalMs: 60_000, resyncAlways: true });
    const first = tracker.sync();
    const second = tracker.sync();
    expect(held.calls()).toBe(1);
    tracker.delivered(outcome([d('new_incident', 'inc_a')]));
    held.answer(10);
    await Promise.all([first, second]);
    expect(await value(metrics)).toBe(11);
  });

  it('counts a store error and keeps the running value when a count fails', async () => {
    const metrics = createMetrics();
    const held = heldCount();
    tracker = trackOpenIncidents({ metrics, count: held.count, intervalMs: 60_000, resyncAlways: true });
    const first = tracker.sync();
    held.answer(3);
    await first;
    const second = tracker.sync();
    held.fail();
    await second;
    expect(await value(metrics)).toBe(3);
    expect(await metrics.registry.getSingleMetricAsString('mendbot_store_errors_total')).toContain('mendbot_store_errors_total{operation="count_open_incidents"} 1');
  });

  it('re-counts on the timer: always with several replicas, only until a first success with one', async () => {
    jest.useFakeTimers();
    for (const resyncAlways of [true, false]) {
      const metrics = createMetrics();
      let calls = 0;
      const t = trackOpenIncidents({ metrics, count: async () => ++calls, intervalMs: 60_000, resyncAlways });
      await t.sync();
      await jest.advanceTimersByTimeAsync(3 * 60_000);
      expect(calls).toBe(resyncAlways ? 4 : 1);
      expect(await value(metrics)).toBe(calls);
      // A scrape reads the value; it never counts.
      await metrics.registry.metrics();
      expect(calls).toBe(resyncAlways ? 4 : 1);
      t.stop();
    }
  });
});
