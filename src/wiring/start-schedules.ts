import type { Clock } from '../core/clock';
import type { Tracker } from '../core/postmortems/tracker';
import { processDuePostmortems } from '../postmortems/process-due-postmortems';
import { expireApprovals } from '../runs/expire-approvals';
import type { RetentionPolicy } from '../core/retention/retention-policy';
import { pruneOldData } from '../scheduling/prune-old-data';
import { scheduleJobs } from '../scheduling/schedule-jobs';
import type { Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import type { Services } from './create-services';
import { cronForInterval } from './cron-for-interval';

export interface ScheduleDeps {
  store: Store;
  services: Pick<Services, 'executor' | 'hub' | 'onRunChange' | 'reconciliation'> & Partial<Pick<Services, 'releaseRuns'>>;
  tracker: Tracker;
  postmortemTemplate: string | undefined;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** MENDBOT_RETENTION_*: what the retention sweep deletes. */
  retention: RetentionPolicy;
  /** ALERTMANAGER_RECONCILE_INTERVAL: how often reconciliation runs (when services has it). */
  reconcileIntervalMs?: number;
}

/**
 * Starts the time-driven work: approval expiry every 10 s, postmortem filing every 15 s and the retention
 * sweep every 5 minutes (in short batches, so intake never waits long behind it), and reconciliation with
 * Alertmanager every ALERTMANAGER_RECONCILE_INTERVAL when it is configured. Each job is a
 * plain function cron merely calls, so a test runs it directly with a clock instead of waiting for cron.
 * Returns a function that stops the schedules.
 */
export function startSchedules({ store, services, tracker, postmortemTemplate, clock, log, metrics, retention, reconcileIntervalMs }: ScheduleDeps): () => Promise<void> {
  const { executor, hub, onRunChange, releaseRuns, reconciliation } = services;
  const reconcile = reconciliation && reconcileIntervalMs && reconcileIntervalMs > 0 ? cronForInterval(reconcileIntervalMs) : undefined;
  if (reconcile && reconcile.everyMs !== reconcileIntervalMs) {
    log.info({ askedMs: reconcileIntervalMs, everyMs: reconcile.everyMs }, 'reconciliation runs at the nearest interval cron can keep evenly');
  }
  return scheduleJobs({ store, clock, log, owner: executor.owner }, [
    {
      name: 'approval-expiry',
      schedule: '*/10 * * * * *',
      run: () => expireApprovals({ store, clock, log, wake: () => executor.wake(), onRunChange, releaseRuns, metrics }),
    },
    {
      name: 'postmortems',
      schedule: '*/15 * * * * *',
      run: () =>
        processDuePostmortems({
          store,
          tracker,
          clock,
          log,
          owner: executor.owner,
          template: postmortemTemplate,
          onFiled: (incidentId, ticket) => hub.emit({ type: 'postmortem_filed', incidentId, ticket }),
        }),
    },
    {
      name: 'retention',
      schedule: '0 */5 * * * *',
      run: () => pruneOldData({ store, clock, log, metrics, policy: retention }),
    },
    ...(reconciliation && reconcile ? [{ name: 'alertmanager-reconciliation', schedule: reconcile.schedule, run: () => reconciliation.runRound() }] : []),
  ]);
}
