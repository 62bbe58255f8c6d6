import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createMongoStore } from '../../../src/store/mongodb/create-mongo-store';
import { openMongoReader } from '../../../src/store/mongodb/open-mongo-reader';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { openSqliteReader } from '../../../src/store/sqlite/open-sqlite-reader';
import type { Store } from '../../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../../helpers/build-delivery';
import { startMongoWireServer, type MongoWireServer } from '../../helpers/mongo-wire/start-mongo-wire-server';

const window = { since: minutesLater(0), until: minutesLater(60), limit: 10 };
const pause = { by: 'U1', reason: 'flaky', at: minutesLater(0) };

/** Writes one delivery and a pause through the store port, then checks the reader sees the same. */
async function expectReaderSeesWhatTheStoreWrote(store: Store, open: () => Pick<Store, 'listDeliveries' | 'listRuns' | 'getControls' | 'close'>) {
  const outcome = await store.recordDelivery(buildDelivery([buildAlert()], { receivedAt: minutesLater(1) }), defaultLifecyclePolicy);
  await store.setPause('rollback', pause);
  const reader = open();
  try {
    expect(await reader.listDeliveries(window)).toEqual(await store.listDeliveries(window));
    expect((await reader.listDeliveries(window)).map((d) => d.id)).toEqual([outcome.deliveryId]);
    expect(await reader.getControls()).toEqual({ killSwitch: null, paused: { rollback: pause } });
    expect(await reader.listRuns({ incidentId: outcome.decisions[0]!.incidentId!, limit: 10 })).toEqual([]);
  } finally {
    await reader.close();
  }
}

describe('history readers (what mendbot backtest opens beside a running server)', () => {
  it('SQLite: reads what the server wrote, while it keeps writing, and creates nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-reader-'));
    const store = createSqliteStore({ dataDir });
    try {
      await expectReaderSeesWhatTheStoreWrote(store, () => openSqliteReader({ dataDir }));
      const reader = openSqliteReader({ dataDir });
      // The server commits while the reader is open: a WAL reader never blocks it.
      await store.recordDelivery(buildDelivery([buildAlert({ name: 'Other', correlationId: 'g2' })], { receivedAt: minutesLater(2) }), defaultLifecyclePolicy);
      expect(await reader.listDeliveries(window)).toHaveLength(2);
      await reader.close();
      // Where there is no store, the reader creates none (that would be a write): it refuses.
      expect(() => openSqliteReader({ dataDir: path.join(dataDir, 'nothing') })).toThrow(/no mendbot store/);
      expect(fs.existsSync(path.join(dataDir, 'nothing'))).toBe(false);
    } finally {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('MongoDB (in-process wire server)', () => {
    let server: MongoWireServer;
    beforeAll(async () => {
      server = await startMongoWireServer();
    });
    afterAll(() => server.stop());

    it('reads what the server wrote through a client that only queries', async () => {
      const dbName = `mendbot_reader_${process.pid}`;
      const store = await createMongoStore({ uri: server.uri, dbName, serverSelectionTimeoutMs: 2_000 });
      try {
        await expectReaderSeesWhatTheStoreWrote(store, () => openMongoReader({ uri: server.uri, dbName }));
      } finally {
        await store.close();
      }
    });
  });
});
