import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createManualClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { processDuePostmortems } from '../../../src/postmortems/process-due-postmortems';
import { incidentMarker, type PostmortemDocument, type TicketRef, type Tracker } from '../../../src/core/postmortems/tracker';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../../src/store/store';
import { buildAlert, buildDelivery } from '../../helpers/build-delivery';

/** An in-memory tracker with a marker lookup, like the real ones; `failures` makes the next calls throw. */
function memoryTracker() {
  const tickets = new Map<string, { ref: TicketRef; doc: PostmortemDocument; updates: number }>();
  const state = { failures: 0, dieAfterCreate: false, creates: 0 };
  const tracker: Tracker = {
    name: 'markdown',
    async find(incidentId) {
      return tickets.get(incidentMarker(incidentId))?.ref ?? null;
    },
    async create(doc) {
      if (state.failures > 0) {
        state.failures--;
        throw Object.assign(new Error('tracker unavailable (502)'), { retryAfterMs: 0 });
      }
      state.creates++;
      const ref: TicketRef = { tracker: 'markdown', id: String(state.creates), url: `memory://${state.creates}` };
      tickets.set(incidentMarker(doc.incidentId), { ref, doc, updates: 0 });
      if (state.dieAfterCreate) {
        state.dieAfterCreate = false;
        throw new Error('process died after creating the ticket, before storing its reference');
      }
      return ref;
    },
    async update(ref, doc) {
      const t = [...tickets.values()].find((x) => x.ref.id === ref.id)!;
      t.doc = doc;
      t.updates++;
      return ref;
    },
  };
  return { tracker, tickets, state };
}

describe('postmortems', () => {
  const policy = { ...defaultLifecyclePolicy, postmortemSettleMs: 5 * 60_000 };
  const log = pino({ level: 'silent' });
  let dataDir: string;
  let store: Store;
  let clock: ReturnType<typeof createManualClock>;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-pm-'));
    store = createSqliteStore({ dataDir });
    clock = createManualClock('2026-03-14T09:40:00.000Z');
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const at = (m: number) => new Date(Date.parse('2026-03-14T09:40:00.000Z') + m * 60_000).toISOString();
  const fireAndResolve = async (firingAt = 0, resolvedAt = 10) => {
    await store.recordDelivery(buildDelivery([buildAlert({ startsAt: at(firingAt) })], { receivedAt: at(firingAt) }), policy);
    await store.recordDelivery(buildDelivery([buildAlert({ startsAt: at(firingAt), status: 'resolved' })], { receivedAt: at(resolvedAt) }), policy);
    return (await store.listIncidents({ status: 'all', limit: 1 })).items[0]!.id;
  };
  const run = (t: Tracker) => processDuePostmortems({ store, tracker: t, clock, log, owner: 'test' });

  it('files one postmortem after the settle window, with the timeline, and stores the ticket', async () => {
    const { tracker, tickets } = memoryTracker();
    const incidentId = await fireAndResolve();
    clock.set(at(14));
    expect(await run(tracker)).toBe(0);
    clock.set(at(15));
    expect(await run(tracker)).toBe(1);
    expect(tickets.size).toBe(1);
    const { doc } = [...tickets.values()][0]!;
    expect(doc.title).toMatch(/DiskFull summary \(resolved\)/);
    expect(doc.body).toMatch(/## Timeline[\s\S]*incident_opened[\s\S]*incident_resolved/);
    expect(doc.body).toMatch(/From 2026-03-14T09:40:00.000Z \(first alert\) to 2026-03-14T09:50:00.000Z — 10.0 min/);
    expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'filed', ticket: { id: '1' }, attempts: 0 });
  });

  it('retries a failing tracker with backoff and still files exactly one ticket', async () => {
    const { tracker, tickets, state } = memoryTracker();
    const incidentId = await fireAndResolve();
    state.failures = 2;
    clock.set(at(15));
    await run(tracker);
    expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'pending', attempts: 1, lastError: 'tracker unavailable (502)', dueAt: '2026-03-14T09:55:30.000Z' });
    clock.set(at(15.5));
    await run(tracker);
    expect(await store.getPostmortem(incidentId)).toMatchObject({ attempts: 2, dueAt: '2026-03-14T09:56:30.000Z' });
    clock.set(at(16.5));
    await run(tracker);
    expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'filed' });
    expect(tickets.size).toBe(1);
  });

  it('finds the ticket after a crash between creating it and storing its reference', async () => {
    const { tracker, tickets, state } = memoryTracker();
    const incidentId = await fireAndResolve();
    state.dieAfterCreate = true;
    clock.set(at(15));
    await run(tracker);
    expect((await store.getPostmortem(incidentId))!.ticket).toBeNull();
    clock.set(at(16));
    await run(tracker);
    expect(state.creates).toBe(1);
    expect(tickets.size).toBe(1);
    expect([...tickets.values()][0]!.updates).toBe(1);
    expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'filed', ticket: { id: '1' } });
  });

  it('files a flapping incident once: a reopening within the settle window defers it', async () => {
    const { tracker, tickets } = memoryTracker();
    const incidentId = await fireAndResolve(0, 10);
    await store.recordDelivery(buildDelivery([buildAlert({ startsAt: at(12) })], { receivedAt: at(12) }), policy);
    expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'deferred' });
    clock.set(at(16));
    expect(await run(tracker)).toBe(0);
    await store.recordDelivery(buildDelivery([buildAlert({ startsAt: at(12), status: 'resolved' })], { receivedAt: at(20) }), policy);
    clock.set(at(25));
    await run(tracker);
    expect(tickets.size).toBe(1);
    expect((await store.listIncidents({ status: 'all', limit: 5 })).items).toHaveLength(1);
  });

  it('updates the same ticket when the incident resolves again later', async () => {
    const { tracker, tickets } = memoryTracker();
    const incidentId = await fireAndResolve(0, 10);
    clock.set(at(15));
    await run(tracker);
    await store.schedulePostmortem(incidentId, at(30), 'incident resolved');
    clock.set(at(30));
    await run(tracker);
    expect(tickets.size).toBe(1);
    expect([...tickets.values()][0]!.updates).toBe(1);
  });
});
