import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { buildAlert, buildDelivery } from '../../helpers/build-delivery';

// `mendbot test` opens a store per case: `checkpointer: false` spares it the WAL checkpointer thread and the body
// encoder thread (which follows that option unless told otherwise), whose start and stop cost more than a whole case. Threads are counted in /proc (Linux, like every mendbot host).
const threads = () => fs.readdirSync('/proc/self/task').length;

describe('a SQLite store without the checkpointer thread (checkpointer: false)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-short-lived-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts no thread, while the default store starts two (checkpointer, body encoder)', async () => {
    const before = threads();
    const quick = createSqliteStore({ dataDir: path.join(dataDir, 'quick'), checkpointer: false });
    expect(threads()).toBe(before);
    await quick.close();
    const usual = createSqliteStore({ dataDir: path.join(dataDir, 'usual') });
    expect(threads()).toBe(before + 2);
    await usual.close();
  });

  it('records and reads like any store, and what it wrote is there after reopening', async () => {
    const store = createSqliteStore({ dataDir, checkpointer: false });
    const outcome = await store.recordDelivery(buildDelivery([buildAlert()]), defaultLifecyclePolicy);
    expect(outcome).toMatchObject({ duplicateDelivery: false, decisions: [{ kind: 'new_incident' }] });
    await store.close();
    const again = createSqliteStore({ dataDir });
    try {
      expect((await again.listIncidents({ status: 'all', limit: 5 })).items.map((i) => i.correlationId)).toEqual(['group-1']);
    } finally {
      await again.close();
    }
  });

  it("keeps its WAL bounded with SQLite's own checkpoints", async () => {
    const store = createSqliteStore({ dataDir, checkpointer: false });
    const wal = path.join(dataDir, 'mendbot.db-wal');
    let largest = 0;
    try {
      // ~12 MB of deliveries that do not compress: about 3000 pages, three times the 1000-page checkpoint.
      for (let i = 0; i < 80; i++) {
        const raw = randomBytes(110_000).toString('base64');
        await store.recordDelivery(buildDelivery([buildAlert({ fingerprint: `fp-${i}` })], { raw }), defaultLifecyclePolicy);
        largest = Math.max(largest, fs.statSync(wal).size);
      }
    } finally {
      await store.close();
    }
    expect(largest).toBeGreaterThan(1_000_000);
    expect(largest).toBeLessThan(6 * 1024 * 1024);
  });
});
