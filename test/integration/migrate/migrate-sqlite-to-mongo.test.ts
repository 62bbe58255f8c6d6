import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { BSON, MongoClient, type Binary } from 'mongodb';
import type { IncidentDetail, Incident } from '../../../src/core/incidents/incident';
import type { LifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import type { Run, RunSeed } from '../../../src/core/runs/run';
import { migrateSqliteToMongo, verifySqliteToMongo } from '../../../src/store/migrate/migrate-sqlite-to-mongo';
import { createMongoStore } from '../../../src/store/mongodb/create-mongo-store';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { ChatRef, Controls, PostmortemRecord, Silence, Store } from '../../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../../helpers/build-delivery';
import { startMongoWireServer, type MongoWireServer } from '../../helpers/mongo-wire/start-mongo-wire-server';

const policy: LifecyclePolicy = { reopenWindowMs: 5 * 60_000, flappingThreshold: 4, flappingWindowMs: 30 * 60_000, postmortemSettleMs: 10 * 60_000 };
const silenceNow = minutesLater(30);
const amState = { active: false, checkedAt: minutesLater(8), missingSince: minutesLater(7.5) };

function seed(playbook: string, lockKey: string | null): RunSeed {
  return {
    playbook, playbookVersion: 'sha-1', scopeKey: 'incident', alertKey: null, mode: 'approval', status: 'pending', reason: null,
    context: { labels: { 'app.kubernetes.io/name': 'api' }, annotations: {}, commonLabels: {}, params: { svc: 'api' } },
    steps: [{ id: 'approval', phase: 'main', action: 'approval', status: 'pending', attempts: 0 }], lockKey, trigger: 'alert',
    definition: { name: playbook, continueOnResolve: false, breakerThreshold: 3, approval: { expiresMs: 600_000, onExpiry: 'reject' } },
  } as unknown as RunSeed;
}

/** Everything the port can tell about a store, for comparing SQLite with its MongoDB copy. */
interface Snapshot {
  incidents: Incident[];
  details: IncidentDetail[];
  runs: Run[];
  controls: Controls;
  silences: Silence[];
  chatRef: ChatRef | null;
  postmortems: Array<PostmortemRecord | null>;
}

async function snapshot(store: Store): Promise<Snapshot> {
  const incidents = (await store.listIncidents({ status: 'all', limit: 200 })).items;
  const runs = await store.listRuns({ limit: 100 });
  return {
    incidents,
    details: await Promise.all(incidents.map(async (i) => (await store.getIncident(i.id))!)),
    runs: await Promise.all(runs.map(async (r) => (await store.getRun(r.id))!)),
    controls: await store.getControls(),
    silences: await store.listSilences(silenceNow),
    chatRef: await store.getChatRef('incident:thread'),
    postmortems: await Promise.all(incidents.map((i) => store.getPostmortem(i.id))),
  };
}

describe('mendbot migrate --from sqlite --to mongodb', () => {
  let dir: string;
  let sqliteFile: string;
  let server: MongoWireServer;
  let client: MongoClient;
  let source: Snapshot;
  let stormBody: string;
  const joinKey = 'g'.repeat(64);
  const ids = {} as { open: string; resolved: string; storm: string; stormDelivery: string; dedupe: string; waitingRun: string };
  const dedupeDelivery = buildDelivery([buildAlert({ name: 'PdIncident', source: 'pagerduty', correlationId: 'group-4', defaultCorrelationId: 'group-4' })], {
    source: 'pagerduty', dedupeKey: 'pagerduty:evt-1', receivedAt: minutesLater(4),
  });
  const migrate = (dbName: string, lines: string[] = []) => migrateSqliteToMongo({ sqliteFile, mongoUri: server.uri, dbName, batchSize: 7, log: (l) => lines.push(l) });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-migrate-'));
    server = await startMongoWireServer();
    client = new MongoClient(server.uri);
    const store = createSqliteStore({ dataDir: dir });
    sqliteFile = store.file;

    // The first alert publishes its group's join key (as every Alertmanager alert does).
    const first = await store.recordDelivery(buildDelivery([buildAlert({ publishesJoinKeys: [joinKey] }), buildAlert({ name: 'HighErrorRate' })]), policy);
    ids.open = first.decisions[0]!.incidentId!;
    // A duplicate delivery: counters and a 'decision' timeline entry.
    await store.recordDelivery(buildDelivery([buildAlert()], { receivedAt: minutesLater(1) }), policy);
    // An incident that opens and resolves (its postmortem is scheduled by the policy).
    const other = { correlationId: 'group-2', defaultCorrelationId: 'group-2', name: 'Latency' };
    ids.resolved = (await store.recordDelivery(buildDelivery([buildAlert(other)], { receivedAt: minutesLater(1) }), policy)).decisions[0]!.incidentId!;
    await store.recordDelivery(buildDelivery([buildAlert({ ...other, status: 'resolved', endsAt: minutesLater(2) })], { receivedAt: minutesLater(2) }), policy);
    // A storm: 50 alerts in one delivery, whose raw body is large enough to be stored deflated.
    const storm = Array.from({ length: 50 }, (_, i) => buildAlert({ name: `Storm${i}`, correlationId: 'group-3', defaultCorrelationId: 'group-3', labels: { alertname: `Storm${i}`, pod: `pod-${i}`, 'a.b': 'dotted key' } }));
    stormBody = JSON.stringify({ alerts: storm.map((a) => ({ labels: a.labels, annotations: { description: 'x'.repeat(200) }, fingerprint: a.fingerprint })) });
    expect(stormBody.length).toBeGreaterThan(8192);
    const stormOutcome = await store.recordDelivery(buildDelivery(storm, { receivedAt: minutesLater(3), raw: stormBody }), policy);
    ids.storm = stormOutcome.decisions[0]!.incidentId!;
    ids.stormDelivery = stormOutcome.deliveryId;
    // A delivery with a dedupe key (PagerDuty event id).
    ids.dedupe = (await store.recordDelivery(dedupeDelivery, policy)).deliveryId;

    // A run waiting for approval, holding its lock; a second one pending; a pause; a silence; a chat ref; a postmortem.
    const waiting = (await store.createRun(ids.open, seed('restart', 'svc:api'), minutesLater(5)))!;
    await store.createRun(ids.storm, seed('scale', null), minutesLater(5));
    const claimed = await store.claimRun({ owner: 'exec-1', now: minutesLater(6), leaseMs: 60_000, admit: (r) => (r.id === waiting.id ? { kind: 'admit' } : { kind: 'defer', reason: 'later', guardrail: 'test', retryInMs: 60_000 }) });
    expect(claimed.run?.id).toBe(waiting.id);
    await store.saveRun(waiting.id, 'exec-1', {
      now: minutesLater(7), status: 'waiting_approval', approval: { approvers: ['U1'], requestedAt: minutesLater(7), expiresAt: minutesLater(17) }, release: {},
      events: [{ type: 'approval', message: 'approval requested', data: { approvers: ['U1'] } }],
    });
    ids.waitingRun = waiting.id;
    await store.setPause('scale', { by: 'U2', reason: 'maintenance', at: minutesLater(8) });
    await store.setPause(undefined, { by: 'U3', reason: 'freeze', at: minutesLater(8) });
    await store.addSilence({ id: 'sil_1', matchers: ['alertname="DiskFull"'], createdBy: 'U1', reason: 'known', startsAt: minutesLater(0), endsAt: minutesLater(120) });
    await store.putChatRef('incident:thread', { channel: 'C42', ts: '1710409200.000100' });
    await store.schedulePostmortem(ids.open, minutesLater(60), 'requested by U1');
    await store.acquireJobLease('retention', 'proc-1', minutesLater(8), 60_000);
    // What reconciliation learned from Alertmanager, with its timeline note (the storm was never checked).
    await store.recordAlertmanagerState(ids.open, amState, { at: minutesLater(8), message: 'no longer active in Alertmanager', data: { peers: 2 } });

    source = await snapshot(store);
    await store.close();
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies everything: the MongoDB store answers exactly as the SQLite store did', async () => {
    const lines: string[] = [];
    const result = await migrate('copy', lines);
    expect(result.ok).toBe(true);
    expect(lines).toContain('verified: every SQLite row has its MongoDB document');
    expect(result.counts).toMatchObject({
      incidents: { source: 4, target: 4 },
      open_incidents: { source: 3, target: 3 },
      alerts: { source: 54, target: 54 },
      deliveries: { source: 6, target: 6 },
      delivery_keys: { source: 1, target: 1 },
      runs: { source: 2, target: 2 },
      run_scopes: { source: 2, target: 2 },
      locks: { source: 1, target: 1 },
      controls: { source: 2, target: 2 },
      silences: { source: 1, target: 1 },
      chat_refs: { source: 1, target: 1 },
      postmortems: { source: 2, target: 2 },
    });
    for (const { source: s, target: t } of Object.values(result.counts)) expect(t).toBe(s);
    expect(result.counts.timeline!.source).toBe(source.details.reduce((n, d) => n + d.timeline.length, 0));

    const mongo = await createMongoStore({ uri: server.uri, dbName: 'copy' });
    try {
      const copy = await snapshot(mongo);
      expect(copy).toEqual(source);
      // Spot checks that the comparison covers what matters.
      expect(copy.incidents.map((i) => i.status).sort()).toEqual(['open', 'open', 'open', 'resolved']);
      expect(copy.runs.find((r) => r.id === ids.waitingRun)).toMatchObject({ status: 'waiting_approval', approval: { approvers: ['U1'] }, lockKey: 'svc:api' });
      expect(copy.postmortems.filter(Boolean)).toHaveLength(2);
      expect(copy.details.find((d) => d.incident.id === ids.storm)!.alerts[0]!.labels['a.b']).toBe('dotted key');
      expect(copy.incidents.find((i) => i.id === ids.open)!.alertmanager).toEqual(amState);
      expect(copy.incidents.find((i) => i.id === ids.storm)!.alertmanager).toBeNull();
      expect(copy.details.find((d) => d.incident.id === ids.open)!.timeline.at(-1)).toMatchObject({ type: 'reconciliation', at: minutesLater(8), data: { peers: 2 } });
      expect(await mongo.countOpenIncidents()).toBe(3);
    } finally {
      await mongo.close();
    }

    // The storm's raw body is stored as the MongoDB adapter stores large bodies: deflate-raw bytes.
    const raw = await client.db('copy').collection<{ _id: string; raw: Binary; rawEncoding: string }>('deliveries').findOne({ _id: ids.stormDelivery });
    expect(raw!.rawEncoding).toBe('deflate-raw');
    expect(inflateRawSync(raw!.raw.buffer).toString('utf8')).toBe(stormBody);
    // The derived claim documents.
    const claims = client.db('copy');
    expect(await claims.collection('open_incidents').findOne({ _id: 'group-1' as never })).toMatchObject({ incidentId: ids.open });
    expect(await claims.collection('open_incidents').findOne({ _id: 'group-2' as never })).toBeNull();
    expect(await claims.collection('delivery_keys').findOne({ _id: 'pagerduty:evt-1' as never })).toMatchObject({ deliveryId: ids.dedupe, state: 'done' });
    expect(await claims.collection('run_scopes').findOne({ _id: `${ids.open}|restart|incident` as never })).toMatchObject({ runId: ids.waitingRun });
    expect(await claims.collection('locks').findOne({ _id: 'svc:api' as never })).toMatchObject({ runId: ids.waitingRun });
    expect(await claims.collection('job_leases').countDocuments()).toBe(0); // not copied, by design
    // The join key with its touch (what retention judges it by), as the MongoDB adapter writes it.
    expect(await claims.collection('join_keys').findOne({ _id: joinKey as never })).toEqual({ _id: joinKey, correlationId: 'group-1', touchedAt: new Date(buildDelivery([]).receivedAt) });
  });

  it('keeps working after the move: re-sent alerts and dedupe keys are duplicates, timelines and claims continue', async () => {
    expect((await migrate('after')).ok).toBe(true);
    const mongo = await createMongoStore({ uri: server.uri, dbName: 'after' });
    try {
      const resent = await mongo.recordDelivery(buildDelivery([buildAlert()], { receivedAt: minutesLater(9) }), policy);
      await mongo.recordAlertmanagerState(ids.open, { ...amState, active: true, missingSince: null }, { at: minutesLater(9), message: 'active again' });
      expect(resent.decisions[0]).toMatchObject({ kind: 'duplicate', incidentId: ids.open });
      expect((await mongo.listIncidents({ status: 'all', limit: 200 })).items).toHaveLength(4);
      const detail = (await mongo.getIncident(ids.open))!;
      expect(detail.timeline.map((e) => e.seq)).toEqual(detail.timeline.map((_, i) => i + 1)); // seqs continue after the copied ones
      expect(detail.timeline.at(-1)).toMatchObject({ type: 'reconciliation', message: 'active again' });
      expect(detail.incident.alertmanager).toEqual({ ...amState, active: true, missingSince: null });
      expect(detail.incident.deliveryCount).toBe(source.incidents.find((i) => i.id === ids.open)!.deliveryCount + 1);

      const again = await mongo.recordDelivery({ ...dedupeDelivery, id: 'dlv_resent' }, policy);
      expect(again).toMatchObject({ duplicateDelivery: true, deliveryId: ids.dedupe, decisions: [{ kind: 'duplicate_delivery' }] });

      // The once-per-scope claim holds for migrated runs; the approval can be decided; the lock is still held.
      expect(await mongo.createRun(ids.open, seed('restart', 'svc:api'), minutesLater(10))).toBeNull();
      expect((await mongo.decideApproval(ids.waitingRun, { decision: 'approved', by: 'U1', at: minutesLater(10) })).ok).toBe(true);
      // A new firing for the resolved incident's correlation ID after the reopen window opens a new incident (the stale claim is gone).
      const fresh = await mongo.recordDelivery(buildDelivery([buildAlert({ name: 'Latency', correlationId: 'group-2', defaultCorrelationId: 'group-2', startsAt: minutesLater(60) })], { receivedAt: minutesLater(60) }), policy);
      expect(fresh.decisions[0]!.kind).toBe('new_incident');
    } finally {
      await mongo.close();
    }
  });

  it('is idempotent: a second run changes nothing and verifies the same counts', async () => {
    const first = await migrate('twice');
    const dump = async () => {
      const db = client.db('twice');
      const out: Record<string, string> = {};
      for (const name of Object.keys(first.counts)) out[name] = BSON.EJSON.stringify(await db.collection(name).find({}).sort({ _id: 1 }).toArray());
      return out;
    };
    const before = await dump();
    const second = await migrate('twice');
    expect(second).toEqual(first);
    expect(second.ok).toBe(true);
    expect(await dump()).toEqual(before);
  });

  it('reports a mismatch when a copied document is missing, and a re-run repairs it', async () => {
    expect((await migrate('broken')).ok).toBe(true);
    const alerts = client.db('broken').collection<{ _id: string }>('alerts');
    const victim = (await alerts.findOne({}))!;
    await alerts.deleteOne({ _id: victim._id });
    const lines: string[] = [];
    const result = await verifySqliteToMongo({ sqliteFile, mongoUri: server.uri, dbName: 'broken', log: (l) => lines.push(l) });
    expect(result.ok).toBe(false);
    expect(result.counts.alerts).toEqual({ source: 54, target: 53 });
    expect(lines).toContain('MISMATCH alerts: 54 in SQLite, 53 of them in MongoDB');
    expect(Object.entries(result.counts).filter(([, c]) => c.source !== c.target).map(([n]) => n)).toEqual(['alerts']);
    expect((await migrate('broken')).ok).toBe(true);
  });

  it('never writes to the SQLite file', async () => {
    const before = fs.readFileSync(sqliteFile);
    await migrate('readonly');
    expect(fs.readFileSync(sqliteFile).equals(before)).toBe(true);
  });
});
