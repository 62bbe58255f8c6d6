import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createGitHubTracker } from '../../../integrations/github/create-github-tracker';
import { startFakeGitHubApi } from '../../fakes/start-fake-github-api';
import { createManualClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { processDuePostmortems } from '../../../src/postmortems/process-due-postmortems';
import type { Tracker } from '../../../src/core/postmortems/tracker';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../../src/store/store';
import { buildAlert, buildDelivery } from '../../helpers/build-delivery';

/** The scheduler with the real GitHub tracker against a protocol-faithful fake of the Issues API. */
describe('postmortems filed in GitHub', () => {
  const policy = { ...defaultLifecyclePolicy, postmortemSettleMs: 60_000 };
  const at = (m: number) => new Date(Date.parse('2026-03-14T09:40:00.000Z') + m * 60_000).toISOString();
  let dataDir: string;
  let store: Store;
  let github: Awaited<ReturnType<typeof startFakeGitHubApi>>;
  let tracker: Tracker;
  const clock = createManualClock(at(0));
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-gh-'));
    store = createSqliteStore({ dataDir });
    github = await startFakeGitHubApi({ token: 'ghp_test', repository: 'acme/incidents' });
    tracker = createGitHubTracker({ token: 'ghp_test', repository: 'acme/incidents', apiUrl: github.apiUrl, clock });
    await store.recordDelivery(buildDelivery([buildAlert()], { receivedAt: at(0) }), policy);
    await store.recordDelivery(buildDelivery([buildAlert({ status: 'resolved' })], { receivedAt: at(10) }), policy);
  });
  afterEach(async () => {
    await store.close();
    await github.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const sweep = (t: Tracker = tracker) => processDuePostmortems({ store, tracker: t, clock, log: pino({ level: 'silent' }), owner: 'test' });
  const incidentId = async () => (await store.listIncidents({ status: 'all', limit: 1 })).items[0]!.id;
  const creates = () => github.received.filter((r) => r.method === 'POST').length;

  it('retries through a 502 and a secondary rate limit, then files exactly one issue', async () => {
    github.answerNext({ status: 502, body: { message: 'Server Error' } }, { status: 403, body: { message: 'You have exceeded a secondary rate limit.' }, headers: { 'retry-after': '120' } });
    for (const minute of [11, 12, 20, 30]) {
      clock.set(at(minute));
      await sweep();
    }
    expect(github.issues).toHaveLength(1);
    const pm = await store.getPostmortem(await incidentId());
    expect(pm).toMatchObject({ state: 'filed', ticket: { tracker: 'github', id: String(github.issues[0]!.number) } });
    expect(github.issues[0]!.labels.map((l) => l.name)).toContain(`mendbot-${(await incidentId()).toLowerCase()}`);
  });

  it('still files one issue when the process died between creating it and storing its reference', async () => {
    // The first sweep's create reaches GitHub, then the process "dies" before the ref is stored.
    const dying: Tracker = { ...tracker, create: async (doc) => { await tracker.create(doc); throw new Error('killed before storing the reference'); } };
    clock.set(at(11));
    await sweep(dying);
    expect((await store.getPostmortem(await incidentId()))!.ticket).toBeNull();
    clock.set(at(13));
    await sweep();
    expect(github.issues).toHaveLength(1);
    expect(creates()).toBe(1);
    expect(github.received.some((r) => r.method === 'PATCH')).toBe(true);
    expect(await store.getPostmortem(await incidentId())).toMatchObject({ state: 'filed', ticket: { id: String(github.issues[0]!.number) } });
  });
});
