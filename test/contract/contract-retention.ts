import { StoreUnavailableError } from '../../src/core/errors';
import { buildPruneRequest, type PruneResult } from '../../src/core/retention/prune-request';
import type { RetentionPolicy } from '../../src/core/retention/retention-policy';
import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import { claimAs } from './claim-as';
import type { ContractContext } from './contract-context';
import { contractPolicy } from './contract-policy';
import { createRunFor } from './create-run-for';
import { openIncident } from './open-incident';
import { resolveIncident } from './resolve-incident';

const day = 24 * 60;
/** Deliveries kept 30 days, incidents 90 days after resolution. */
const retention: RetentionPolicy = { deliveriesMs: 30 * day * 60_000, incidentsMs: 90 * day * 60_000 };
const ref = { channel: 'C1', ts: '1700000000.000100' };

/** A delivery without alerts (like a PagerDuty ping) carrying `dedupeKey`: stored, deduped, touches no incident. */
const noteDelivery = (dedupeKey: string, at: string) => buildDelivery([], { receivedAt: at, dedupeKey, note: `note ${dedupeKey}` });

/** An Alertmanager alert of `correlationId` publishing `joinKey` (its group's hash), received at `at`. */
const publishing = (correlationId: string, joinKey: string, at: string, status: 'firing' | 'resolved' = 'firing') =>
  buildDelivery([buildAlert({ name: `Alert-${correlationId}`, correlationId, defaultCorrelationId: correlationId, status, publishesJoinKeys: [joinKey] })], { receivedAt: at });

/** A PagerDuty incident `id` carrying `joinKey`, received at `at`: the correlation ID it lands in. */
async function pagerDutyLandsIn(store: Store, id: string, joinKey: string, at: string): Promise<string | undefined> {
  const alert = buildAlert({ source: 'pagerduty', key: `pd:${id}`, fingerprint: id, correlationId: `pagerduty:${id}`, defaultCorrelationId: `pagerduty:${id}`, joinKey });
  return (await store.recordDelivery(buildDelivery([alert], { source: 'pagerduty', receivedAt: at }), contractPolicy)).decisions[0]?.correlationId;
}

/** Rounds of `store.prune` at `now` until one says done, as the retention job runs them; the summed counts. */
async function pruneAll(store: Store, now: string, batchSize = 500, policy = retention): Promise<{ rounds: number } & Omit<PruneResult, 'done' | 'incidentCursor'>> {
  const total = { rounds: 0, deliveries: 0, stateChanges: 0, incidents: 0, joinKeys: 0, silences: 0 };
  let cursor: PruneResult['incidentCursor'];
  for (;;) {
    const r = await store.prune(buildPruneRequest(policy, now, batchSize, cursor));
    total.rounds++;
    total.deliveries += r.deliveries;
    total.stateChanges += r.stateChanges;
    total.incidents += r.incidents;
    total.joinKeys += r.joinKeys;
    total.silences += r.silences;
    cursor = r.incidentCursor;
    if (r.done) return total;
    if (total.rounds > 100) throw new Error('prune never reported done');
  }
}

/**
 * prune: bounded growth. Deliveries (and their dedupe keys) and the flapping history go after the delivery
 * retention; a resolved incident goes after the incident retention with everything that hangs off it, unless
 * a run of it is not final or its postmortem is not filed. checkCommit: the write probe readiness relies on.
 */
export function describeRetentionContract(ctx: ContractContext): void {
  describe('retention', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    it('reports done with nothing deleted when nothing is old enough', async () => {
      await openIncident(store, 'group-1');
      expect(await store.prune(buildPruneRequest(retention, minutesLater(29 * day), 500))).toEqual({ deliveries: 0, stateChanges: 0, incidents: 0, joinKeys: 0, silences: 0, done: true });
    });

    it('deletes deliveries older than the cutoff, whose dedupe keys then no longer dedupe; newer ones stay', async () => {
      await store.recordDelivery(noteDelivery('pagerduty:old', minutesLater(0)), contractPolicy);
      await store.recordDelivery(noteDelivery('pagerduty:new', minutesLater(10 * day)), contractPolicy);

      expect(await pruneAll(store, minutesLater(31 * day))).toMatchObject({ deliveries: 1 });
      expect((await store.recordDelivery(noteDelivery('pagerduty:new', minutesLater(31 * day)), contractPolicy)).duplicateDelivery).toBe(true);
      expect((await store.recordDelivery(noteDelivery('pagerduty:old', minutesLater(31 * day)), contractPolicy)).duplicateDelivery).toBe(false);
    });

    it('deletes at most a batch per round and says whether more is left', async () => {
      for (let i = 0; i < 5; i++) await store.recordDelivery(noteDelivery(`pagerduty:${i}`, minutesLater(i)), contractPolicy);
      const request = buildPruneRequest(retention, minutesLater(31 * day), 2);
      expect(await store.prune(request)).toMatchObject({ deliveries: 2, done: false });
      expect(await store.prune(request)).toMatchObject({ deliveries: 2, done: false });
      expect(await store.prune(request)).toMatchObject({ deliveries: 1, done: true });
      expect(await store.prune(request)).toMatchObject({ deliveries: 0, done: true });
    });

    it('deletes the state-change history with the deliveries, so old changes no longer count towards flapping', async () => {
      await openIncident(store, 'group-1');
      await resolveIncident(store, 'group-1', minutesLater(1));
      const pruned = await pruneAll(store, minutesLater(31 * day), 500, { ...retention, incidentsMs: 0 });
      expect(pruned.stateChanges).toBeGreaterThan(0);
      expect(pruned.deliveries).toBe(2);
      expect(await pruneAll(store, minutesLater(31 * day))).toMatchObject({ deliveries: 0, stateChanges: 0 });
    });

    it('deletes a resolved incident past the incident retention with its alerts, timeline, runs, postmortem and chat refs', async () => {
      const old = await openIncident(store, 'group-1');
      const run = await createRunFor(store, old);
      expect((await claimAs(store, 'a', minutesLater(1))).run?.id).toBe(run.id);
      await store.saveRun(run.id, 'a', { now: minutesLater(2), status: 'succeeded', finished: true });
      await resolveIncident(store, 'group-1', minutesLater(3));
      await store.schedulePostmortem(old, minutesLater(8), 'incident resolved');
      await store.savePostmortem(old, { now: minutesLater(9), state: 'filed', attempts: 1, lastError: null, ticket: { tracker: 'markdown', id: old, url: 'file:///pm.md' }, filed: true });
      for (const key of [`incident:${old}`, `run:${run.id}`, `reply:${old}:timeline:3`, `reply:${run.id}:finished`]) await store.putChatRef(key, ref);
      const kept = await openIncident(store, 'group-2', minutesLater(4));
      await store.putChatRef(`incident:${kept}`, ref);

      expect(await pruneAll(store, minutesLater(89 * day))).toMatchObject({ incidents: 0 });
      expect(await store.getIncident(old)).not.toBeNull();

      expect(await pruneAll(store, minutesLater(91 * day))).toMatchObject({ incidents: 1 });
      expect(await store.getIncident(old)).toBeNull();
      expect(await store.getRun(run.id)).toBeNull();
      expect(await store.listRuns({ incidentId: old, limit: 10 })).toEqual([]);
      expect(await store.getPostmortem(old)).toBeNull();
      for (const key of [`incident:${old}`, `run:${run.id}`, `reply:${old}:timeline:3`, `reply:${run.id}:finished`]) expect(await store.getChatRef(key)).toBeNull();
      expect(await store.getChatRef(`incident:${kept}`)).toEqual(ref);
      expect((await store.listIncidents({ status: 'all', limit: 10 })).items.map((i) => i.id)).toEqual([kept]);
    });

    it('never deletes an open incident, one resolved within the retention, one with a run not final, or one with an unfiled postmortem', async () => {
      const open = await openIncident(store, 'open');
      const running = await openIncident(store, 'running');
      const run = await createRunFor(store, running);
      expect((await claimAs(store, 'a', minutesLater(1))).run?.id).toBe(run.id);
      await resolveIncident(store, 'running', minutesLater(2));
      const unfiled = await openIncident(store, 'unfiled');
      await resolveIncident(store, 'unfiled', minutesLater(2));
      await store.schedulePostmortem(unfiled, minutesLater(7), 'incident resolved');
      const recent = await openIncident(store, 'recent', minutesLater(60 * day));
      await resolveIncident(store, 'recent', minutesLater(60 * day + 1));

      expect(await pruneAll(store, minutesLater(91 * day))).toMatchObject({ incidents: 0 });
      for (const id of [open, running, unfiled, recent]) expect(await store.getIncident(id)).not.toBeNull();
      expect(await store.getRun(run.id)).toMatchObject({ status: 'running' });

      // Once the postmortem is filed and the run finished, the next sweep takes them.
      await store.savePostmortem(unfiled, { now: minutesLater(91 * day), state: 'filed', attempts: 1, lastError: null, filed: true });
      await store.saveRun(run.id, 'a', { now: minutesLater(1.5), status: 'succeeded', finished: true });
      expect(await pruneAll(store, minutesLater(91 * day))).toMatchObject({ incidents: 2 });
      expect(await store.getIncident(unfiled)).toBeNull();
      expect(await store.getIncident(running)).toBeNull();
      expect(await store.getIncident(open)).not.toBeNull();
    });

    it('pages past incidents it must keep, so they never hide prunable ones behind them', async () => {
      const blocked = await openIncident(store, 'blocked');
      await resolveIncident(store, 'blocked', minutesLater(1));
      await store.schedulePostmortem(blocked, minutesLater(6), 'incident resolved');
      const prunable = await openIncident(store, 'prunable', minutesLater(2));
      await resolveIncident(store, 'prunable', minutesLater(3));

      // One candidate per round (batch 10 → 1 incident): the first round only sees the blocked one.
      const first = await store.prune(buildPruneRequest(retention, minutesLater(91 * day), 10));
      expect(first).toMatchObject({ incidents: 0, done: false, incidentCursor: expect.any(Object) });
      const second = await store.prune(buildPruneRequest(retention, minutesLater(91 * day), 10, first.incidentCursor));
      expect(second.incidents).toBe(1);
      expect(await store.getIncident(prunable)).toBeNull();
      expect(await store.getIncident(blocked)).not.toBeNull();
    });

    it('deletes a join key untouched for the delivery retention whose correlation ID never had an incident', async () => {
      const key = 'r'.repeat(64);
      // A group that only ever sent resolved alerts (mendbot was down while it fired): a key, no incident.
      await store.recordDelivery(publishing('group-r', key, minutesLater(0), 'resolved'), contractPolicy);
      expect(await pruneAll(store, minutesLater(29 * day))).toMatchObject({ joinKeys: 0 });

      expect(await pruneAll(store, minutesLater(31 * day))).toMatchObject({ joinKeys: 1 });
      expect(await pruneAll(store, minutesLater(31 * day))).toMatchObject({ joinKeys: 0 });
      expect(await pagerDutyLandsIn(store, 'Q1', key, minutesLater(31 * day))).toBe('pagerduty:Q1');
    });

    it('keeps a join key while its correlation ID has an incident, judges it again a retention later, and deletes it once the incident is pruned', async () => {
      const [kept, doomed, republished] = ['k'.repeat(64), 'd'.repeat(64), 'p'.repeat(64)];
      await store.recordDelivery(publishing('group-1', kept, minutesLater(0)), contractPolicy);
      await resolveIncident(store, 'group-1', minutesLater(1));
      await store.recordDelivery(publishing('group-2', doomed, minutesLater(2)), contractPolicy);
      await resolveIncident(store, 'group-2', minutesLater(3));
      // The group delivered again at day 20: its key was touched then.
      await store.recordDelivery(publishing('group-3', republished, minutesLater(4), 'resolved'), contractPolicy);
      await store.recordDelivery(publishing('group-3', republished, minutesLater(20 * day), 'resolved'), contractPolicy);

      expect(await pruneAll(store, minutesLater(31 * day))).toMatchObject({ joinKeys: 0, incidents: 0 });
      expect(await pagerDutyLandsIn(store, 'Q1', kept, minutesLater(31 * day))).toBe('group-1');
      expect(await pruneAll(store, minutesLater(51 * day))).toMatchObject({ joinKeys: 1 });
      expect(await pagerDutyLandsIn(store, 'Q3', republished, minutesLater(51 * day))).toBe('pagerduty:Q3');

      // Day 91: both incidents resolved in the first minutes go. group-2 has none left, so its key goes in the same
      // sweep; group-1 has the one the PagerDuty alert of day 31 opened (far past the reopen window), so its key stays.
      expect(await pruneAll(store, minutesLater(91 * day))).toMatchObject({ incidents: 2, joinKeys: 1 });
      expect(await pagerDutyLandsIn(store, 'Q2', doomed, minutesLater(91 * day))).toBe('pagerduty:Q2');
      expect(await pagerDutyLandsIn(store, 'Q4', kept, minutesLater(91 * day))).toBe('group-1');
    });

    it('pages past join keys it keeps, so they never hide prunable ones behind them', async () => {
      for (const [i, group] of ['group-1', 'group-2', 'group-3'].entries()) await store.recordDelivery(publishing(group, `${i}`.repeat(64), minutesLater(i)), contractPolicy);
      await store.recordDelivery(publishing('group-r', 'r'.repeat(64), minutesLater(3), 'resolved'), contractPolicy);

      // Two candidates per round: the first rounds only see kept keys, which must leave the scan.
      expect(await pruneAll(store, minutesLater(31 * day), 2)).toMatchObject({ joinKeys: 1 });
      expect(await pagerDutyLandsIn(store, 'Q1', 'r'.repeat(64), minutesLater(31 * day))).toBe('pagerduty:Q1');
      expect(await pagerDutyLandsIn(store, 'Q2', '2'.repeat(64), minutesLater(31 * day))).toBe('group-3');
    });

    it('deletes silences that ended before the delivery cutoff, expired early or not; active and recent ones stay', async () => {
      const silence = (id: string, startsAt: string, endsAt: string) => ({ id, matchers: ['alertname="DiskFull"'], createdBy: 'U1', reason: 'known', startsAt, endsAt });
      await store.addSilence(silence('ended', minutesLater(0), minutesLater(60)));
      await store.addSilence(silence('expired-early', minutesLater(0), minutesLater(50 * day)));
      expect(await store.expireSilence('expired-early', minutesLater(30))).toBe(true);
      await store.addSilence(silence('recent', minutesLater(0), minutesLater(5 * day)));
      await store.addSilence(silence('active', minutesLater(0), minutesLater(60 * day)));

      expect(await pruneAll(store, minutesLater(31 * day))).toMatchObject({ silences: 2 });
      expect((await store.listSilences(minutesLater(31 * day))).map((s) => s.id)).toEqual(['active']);
      // The recent one is gone only once it too ended a retention ago.
      expect(await pruneAll(store, minutesLater(34 * day))).toMatchObject({ silences: 0 });
      expect(await pruneAll(store, minutesLater(36 * day))).toMatchObject({ silences: 1 });
      expect(await pruneAll(store, minutesLater(36 * day))).toMatchObject({ silences: 0 });
    });

    it('keeps every incident when the incident retention is 0, and the correlation ID opens anew after a prune', async () => {
      const old = await openIncident(store, 'group-1');
      await resolveIncident(store, 'group-1', minutesLater(1));
      expect(await pruneAll(store, minutesLater(400 * day), 500, { ...retention, incidentsMs: 0 })).toMatchObject({ incidents: 0 });
      expect(await store.getIncident(old)).not.toBeNull();

      expect(await pruneAll(store, minutesLater(400 * day))).toMatchObject({ incidents: 1 });
      const again = await openIncident(store, 'group-1', minutesLater(400 * day));
      expect(again).not.toBe(old);
    });
  });

  describe('commit check', () => {
    it('commits while the store is open and refuses with StoreUnavailableError once it is closed', async () => {
      const store = ctx.store;
      await expect(store.checkCommit()).resolves.toBeUndefined();
      await store.close();
      await expect(store.checkCommit()).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
}
