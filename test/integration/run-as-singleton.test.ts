import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createManualClock } from '../../src/core/clock';
import { runAsSingleton } from '../../src/scheduling/run-as-singleton';
import { createSqliteStore } from '../../src/store/sqlite/create-sqlite-store';

describe('runAsSingleton', () => {
  it('runs a scheduled job on one of two processes sharing a store, and fails over when the holder stops', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-singleton-'));
    const a = createSqliteStore({ dataDir });
    const b = createSqliteStore({ dataDir }); // a second connection, as a second process would have
    const clock = createManualClock('2026-03-14T10:00:00.000Z');
    const ran: string[] = [];
    const tick = async (who: string, store: typeof a) =>
      runAsSingleton({ store, clock, owner: who, name: 'sweep', ttlMs: 60_000 }, async () => void ran.push(who));
    try {
      for (let i = 0; i < 3; i++) {
        await tick('a', a);
        await tick('b', b);
        clock.advance(10_000);
      }
      expect(ran).toEqual(['a', 'a', 'a']);
      clock.advance(61_000); // a stopped renewing
      await tick('b', b);
      await tick('a', a);
      expect(ran).toEqual(['a', 'a', 'a', 'b']);
    } finally {
      await a.close();
      await b.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
