import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { createManualClock } from '../../../src/core/clock';
import type { LifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createIncidentActionsRouter } from '../../../src/http/create-incident-actions-router';
import { createIncidentResolver } from '../../../src/runs/create-incident-resolver';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../../src/store/store';
import { buildRunSeed } from '../../contract/build-run-seed';
import { buildAlert, buildDelivery, minutesLater } from '../../helpers/build-delivery';

const policy: LifecyclePolicy = { reopenWindowMs: 5 * 60_000, flappingThreshold: 4, flappingWindowMs: 30 * 60_000, postmortemSettleMs: 10 * 60_000 };

describe('POST /api/incidents/:id/resolve (the router on a bare express app, real SQLite)', () => {
  let dataDir: string;
  let store: Store;
  let server: import('node:http').Server;
  let url: string;
  let incidentId: string;
  let resolvedEvents: string[];
  let caller: string | undefined;
  let claims: Array<string | undefined>;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-resolve-'));
    store = createSqliteStore({ dataDir });
    const clock = createManualClock(minutesLater(5));
    resolvedEvents = [];
    caller = undefined;
    claims = [];
    const resolver = createIncidentResolver({ store, clock, policy, onResolved: (o) => resolvedEvents.push(o.incidentId) });
    const app = express();
    // As the composition root wires it: the guard's caller (here a fixed name) and the body's claim.
    const actorOf = (req: express.Request) => {
      const body = req.body as { by?: string; onBehalfOf?: string };
      const claimed = body.by ?? body.onBehalfOf;
      claims.push(claimed);
      if (caller === undefined) return claimed ?? 'api';
      return claimed === undefined ? caller : `${claimed} via ${caller}`;
    };
    app.use(createIncidentActionsRouter({ resolver, actorOf }));
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const o = await store.recordDelivery(buildDelivery([buildAlert(), buildAlert({ name: 'HighErrorRate' })]), policy);
    incidentId = o.decisions[0]!.incidentId!;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const resolve = async (id: string, body: unknown, raw?: string) => {
    const res = await fetch(`${url}/api/incidents/${id}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('resolves the incident: who and why in the timeline, queued runs cancelled, postmortem scheduled', async () => {
    const queued = await store.createRun(incidentId, buildRunSeed(), minutesLater(1));
    const res = await resolve(incidentId, { by: 'U024BE7LH', reason: 'exporter stuck; checked by hand' });
    expect(res).toEqual({
      status: 200,
      body: {
        kind: 'resolved',
        incidentId,
        resolvedAt: minutesLater(5),
        alertsResolved: [buildAlert().key, buildAlert({ name: 'HighErrorRate' }).key],
        runsCancelled: [{ runId: queued!.id, playbook: 'restart-pod' }],
        postmortemDueAt: minutesLater(15),
      },
    });
    const detail = (await store.getIncident(incidentId))!;
    expect(detail.incident).toMatchObject({ status: 'resolved', firingCount: 0 });
    expect(detail.timeline.find((e) => e.type === 'incident_resolved')).toMatchObject({ data: { by: 'U024BE7LH', reason: 'exporter stuck; checked by hand' } });
    expect(await store.getRun(queued!.id)).toMatchObject({ status: 'cancelled' });
    expect(await store.getPostmortem(incidentId)).toMatchObject({ state: 'pending', dueAt: minutesLater(15) });
    expect(resolvedEvents).toEqual([incidentId]);
  });

  it('answers a second resolve with already_resolved and changes nothing', async () => {
    await resolve(incidentId, { by: 'U1', reason: 'done' });
    const before = await store.getIncident(incidentId);
    const again = await resolve(incidentId, { by: 'U2', reason: 'done too' });
    expect(again).toEqual({ status: 200, body: { kind: 'already_resolved', incidentId, resolvedAt: minutesLater(5) } });
    expect(await store.getIncident(incidentId)).toEqual(before);
    expect(resolvedEvents).toEqual([incidentId]);
  });

  it('records whom the composition root names for the caller and the claimed identity', async () => {
    caller = 'ops-bridge';
    await resolve(incidentId, { reason: 'closing' });
    const entry = (await store.getIncident(incidentId))!.timeline.find((e) => e.type === 'incident_resolved');
    expect(entry!.message).toMatch(/^incident resolved by ops-bridge: closing/);
    expect(claims).toEqual([undefined]);

    const other = await store.recordDelivery(buildDelivery([buildAlert({ name: 'Other', correlationId: 'group-2' })]), policy);
    caller = undefined;
    await resolve(other.decisions[0]!.incidentId!, { reason: 'closing' });
    expect((await store.getIncident(other.decisions[0]!.incidentId!))!.timeline.at(-1)!.message).toMatch(/^incident resolved by api: closing/);

    const third = await store.recordDelivery(buildDelivery([buildAlert({ name: 'Third', correlationId: 'group-3' })]), policy);
    caller = 'chat-bridge';
    await resolve(third.decisions[0]!.incidentId!, { onBehalfOf: 'U024BE7LH', reason: 'closing' });
    expect((await store.getIncident(third.decisions[0]!.incidentId!))!.timeline.at(-1)!.message).toMatch(/^incident resolved by U024BE7LH via chat-bridge: closing/);
  });

  it('answers the documented JSON errors and changes nothing', async () => {
    const before = await store.getIncident(incidentId);
    expect(await resolve('inc_nope', { reason: 'x' })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', path: 'id' } });
    expect(await resolve(incidentId, { by: 'U1' })).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', path: 'reason' } });
    expect(await resolve(incidentId, { by: 'U1', onBehalfOf: 'U2', reason: 'x' })).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', path: 'by' } });
    expect(await resolve(incidentId, undefined, '{"reason":')).toMatchObject({ status: 400, body: { code: 'INVALID_JSON' } });
    expect(await resolve('%ZZ', { reason: 'x' })).toMatchObject({ status: 400, body: { code: 'INVALID_QUERY' } });
    expect(await store.getIncident(incidentId)).toEqual(before);
    expect(resolvedEvents).toEqual([]);
  });
});
