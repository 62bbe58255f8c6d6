import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { systemClock } from '../../../src/core/clock';
import { defaultRetentionPolicy } from '../../../src/core/retention/retention-policy';
import { createEventHub } from '../../../src/events/event-hub';
import { createMarkdownTracker } from '../../../src/postmortems/create-markdown-tracker';
import type { AlertmanagerReconciliation } from '../../../src/reconciliation/create-alertmanager-reconciliation';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { startSchedules } from '../../../src/wiring/start-schedules';

/**
 * The reconciliation job as start-up schedules it: real cron at a 1 s interval, two "replicas" on one SQLite
 * file. The job lease lets exactly one of them run rounds; an interval of 0 schedules nothing.
 */
describe('the alertmanager-reconciliation schedule', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-reconcile-schedule-'));
  const store = createSqliteStore({ dataDir });
  const log = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const replica = (owner: string, reconcileIntervalMs: number) => {
    const rounds: string[] = [];
    const reconciliation: AlertmanagerReconciliation = {
      async runRound() {
        rounds.push(owner);
        return { outcome: 'ok', at: new Date().toISOString(), unanswered: [], changed: [], resolved: [], missed: [] };
      },
      readiness: () => ({ reachable: null, lastRoundAt: null, lastSuccessAt: null, unanswered: [] }),
    };
    const executor = { owner, start() {}, wake() {}, stop: async () => {}, idle: async () => {} };
    const stop = startSchedules({
      store,
      services: { executor, hub: createEventHub(() => undefined), onRunChange: () => {}, reconciliation },
      tracker: createMarkdownTracker({ dir: path.join(dataDir, 'postmortems') }),
      postmortemTemplate: undefined,
      clock: systemClock,
      log,
      metrics: createMetrics(),
      retention: defaultRetentionPolicy,
      reconcileIntervalMs,
    });
    return { rounds, stop };
  };

  it('runs rounds every interval on one replica at a time, and not at all with an interval of 0', async () => {
    const a = replica('replica-a', 1_000);
    const b = replica('replica-b', 1_000);
    const off = replica('replica-off', 0);
    await new Promise((resolve) => setTimeout(resolve, 3_300));
    await Promise.all([a.stop(), b.stop(), off.stop()]);
    const all = [...a.rounds, ...b.rounds];
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(new Set(all).size).toBe(1);
    expect(off.rounds).toEqual([]);
  });
});
