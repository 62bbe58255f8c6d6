import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultLifecyclePolicy } from '../../src/core/incidents/lifecycle-policy';
import { createSqliteStore } from '../../src/store/sqlite/create-sqlite-store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';

const LIMIT = 4 * 1024 * 1024;

describe('the SQLite WAL under writes that never pause', () => {
  it('stays bounded while writes continue and after they stop, and every delivery stays readable', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-wal-'));
    const store = createSqliteStore({ dataDir, walLimitBytes: LIMIT, checkpointIntervalMs: 10 });
    const walSize = () => (fs.existsSync(`${store.file}-wal`) ? fs.statSync(`${store.file}-wal`).size : 0);
    const ids: string[] = [];
    let largest = 0;
    let last = 0;
    // What the WAL grew by, summed over samples: a lower bound on what it would hold had it never been reset.
    let grown = 0;
    try {
      const until = Date.now() + 2000;
      for (let n = 0; Date.now() < until; n++) {
        // A group commit of 20 deliveries with distinct bodies (so nothing compresses away), then the next
        // one at once: the writer never leaves the WAL idle long enough for a passive checkpoint to finish.
        const batch = Array.from({ length: 20 }, (_, i) => {
          const alert = buildAlert({ name: `A${n}-${i}`, correlationId: `g${n}-${i}` });
          const delivery = buildDelivery([alert], { receivedAt: minutesLater(1), raw: JSON.stringify({ n, i, pad: `${n}:${i}:`.repeat(60) }) });
          return store.recordDelivery(delivery, defaultLifecyclePolicy);
        });
        for (const outcome of await Promise.all(batch)) ids.push(outcome.deliveryId);
        const size = walSize();
        grown += Math.max(0, size - last);
        last = size;
        largest = Math.max(largest, size);
      }
      // The writes crossed the limit many times over; without a reset the WAL would hold all of it.
      expect(grown).toBeGreaterThan(10 * LIMIT);
      expect(largest).toBeLessThan(3 * LIMIT);
      // Once the writes stop, the next checkpoint leaves the WAL within the limit (it used to keep its size).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(walSize()).toBeLessThanOrEqual(LIMIT);
      const seen: string[] = [];
      let after: { receivedAt: string; id: string } | undefined;
      for (;;) {
        const page = await store.listDeliveries({ since: minutesLater(0), until: minutesLater(2), after, limit: 5000 });
        seen.push(...page.map((d) => d.id));
        if (page.length < 5000) break;
        after = { receivedAt: page.at(-1)!.receivedAt, id: page.at(-1)!.id };
      }
      expect(seen.sort()).toEqual([...ids].sort());
    } finally {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 20_000);
});
