import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import type { RunSeedWithTimeline } from '../../../src/core/runs/run-event';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';

/**
 * The store's writes outside intake and the executor — approvals, their expiry, manual runs, manual resolve,
 * postmortem claims, reconciliation state — go through its group commit: while another connection holds the write
 * lock they wait for it off the event loop, and commit once it is let go. Held and let go here on the same
 * thread, which is what a wait in SQLite's busy handler could never see end (it sleeps the thread).
 */
describe('SQLite writes outside intake and the executor', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-runs-off-loop-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('wait for a held write lock without stopping the event loop, then answer', async () => {
    const store = createSqliteStore({ dataDir: dir, checkpointer: false });
    const other = new Database(path.join(dir, 'mendbot.db'));
    try {
      const now = '2026-01-01T00:00:00.000Z';
      other.exec('BEGIN IMMEDIATE');
      other.prepare("INSERT INTO controls (key, value) VALUES ('held', '1')").run();
      let last = Date.now();
      let maxGap = 0;
      const ticker = setInterval(() => {
        maxGap = Math.max(maxGap, Date.now() - last);
        last = Date.now();
      }, 5);
      const started = Date.now();
      setTimeout(() => other.exec('COMMIT'), 300);
      const [expired, decided, created, resolved, claimed, recorded] = await Promise.all([
        store.expireApprovals(now),
        store.decideApproval('run_missing', { decision: 'approved', by: 'U1', at: now }),
        store.createRun('inc_missing', {} as RunSeedWithTimeline, now),
        store.resolveIncident('inc_missing', { by: 'U1', at: now, reason: 'test' }, defaultLifecyclePolicy),
        store.claimDuePostmortems({ now, owner: 'test', leaseMs: 1000, limit: 5 }),
        store.recordAlertmanagerState('inc_missing', { active: false, checkedAt: now, missingSince: now }),
      ]);
      clearInterval(ticker);
      expect(expired).toEqual([]);
      expect(decided).toEqual({ ok: false, run: null });
      expect(created).toBeNull();
      expect(resolved.kind).toBe('not_found');
      expect(claimed).toEqual([]);
      expect(recorded).toBeUndefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(280); // they did wait for the lock
      expect(maxGap).toBeLessThan(100); // and the event loop kept turning meanwhile
    } finally {
      other.close();
      await store.close();
    }
  });
});
