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
    // The WAL header's checkpoint sequence number (bytes 12–15, big-endian) changes each time the WAL is reset
    // (rewound or truncated); the checkpointer resets it only once it holds more than LIMIT.
    const walSequence = () => {
      try {
        const header = Buffer.alloc(32);
        const fd = fs.openSync(`${store.file}-wal`, 'r');
        try {
          return fs.readSync(fd, header, 0, 32, 0) === 32 ? header.readUInt32BE(12) : undefined;
        } finally {
          fs.closeSync(fd);
        }
      } catch {
        return undefined;
      }
    };
    const ids: string[] = [];
    let largest = 0;
    let lastSequence: number | undefined;
    let resets = 0;
    // A commit that cuts the rewound file back to the reset threshold (as SQLite's journal_size_limit did when it
    // was the same): an ftruncate on the event loop, 5–17 ms measured on ext4. The limit is now twice the
    // threshold: a file a rewind leaves under it is kept as it is (one over it would be cut to 2 × LIMIT, and
    // the checkpointer's TRUNCATE empties it once writes pause; neither is a cut to LIMIT).
    let lastSize = 0;
    let cutsToLimit = 0;
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
        if (lastSize > LIMIT && size === LIMIT) cutsToLimit++;
        lastSize = size;
        largest = Math.max(largest, size);
        const sequence = walSequence();
        if (sequence !== undefined && lastSequence !== undefined && sequence !== lastSequence) resets++;
        if (sequence !== undefined) lastSequence = sequence;
      }
      // The writes crossed the limit many times over; without the resets the WAL would hold all of it. (SQLite
      // also rewinds the WAL by itself when a passive checkpoint catches up between two batches: ~5 in this
      // run without the checkpointer's resets, ~30 with them.)
      expect(resets).toBeGreaterThanOrEqual(10);
      expect(largest).toBeLessThan(3 * LIMIT);
      expect(cutsToLimit).toBe(0);
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
