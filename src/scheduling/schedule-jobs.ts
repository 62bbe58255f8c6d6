import cron from 'node-cron';
import type { Clock } from '../core/clock';
import type { Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import { runAsSingleton } from './run-as-singleton';

export interface ScheduledJob {
  /** Also the lease name: one replica at a time runs it. */
  name: string;
  /** node-cron expression (with seconds). */
  schedule: string;
  run(): Promise<unknown>;
}

/**
 * Starts the scheduled jobs: cron only calls plain functions, each guarded by a store lease renewed by its
 * holder every tick, so with several replicas exactly one runs each job. Returns a stop function.
 */
export function scheduleJobs(deps: { store: Store; clock: Clock; log: Logger; owner: string }, jobs: ScheduledJob[]): () => Promise<void> {
  const tasks = jobs.map((job) => {
    // A run that outlasts its interval (a long retention sweep, a slow tracker) is not started twice.
    let running = false;
    return cron.schedule(job.schedule, () => {
      if (running) return;
      running = true;
      runAsSingleton({ store: deps.store, clock: deps.clock, owner: deps.owner, name: job.name, ttlMs: 60_000 }, job.run)
        .catch((error: unknown) => deps.log.error({ err: error, job: job.name }, 'scheduled job failed'))
        .finally(() => {
          running = false;
        });
    });
  });
  return async () => {
    for (const task of tasks) await task.stop();
  };
}
