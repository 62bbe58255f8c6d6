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

export interface ScheduleDeps {
  store: Store;
  services: Pick<Services, 'executor' | 'hub' | 'onRunChange'>;
  tracker: Tracker;
  postmortemTemplate: string | undefined;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** MENDBOT_RETENTION_*: what the retention sweep deletes. */
  retention: RetentionPolicy;
}

/**
 * Starts the time-driven work: approval expiry every 10 s, postmortem filing every 15 s and the retention
 * sweep every 5 minutes (in short batches, so intake never waits long behind it). Each job is a
 * plain function cron merely calls, so a test runs it directly with a clock instead of waiting for cron.
 * Returns a function that stops the schedules.
 */
export function startSchedules({ store, services, tracker, postmortemTemplate, clock, log, metrics, retention }: ScheduleDeps): () => Promise<void> {
  const { executor, hub, onRunChange } = services;
  return scheduleJobs({ store, clock, log, owner: executor.owner }, [
    {
      name: 'approval-expiry',
      schedule: '*/10 * * * * *',
      run: () => expireApprovals({ store, clock, log, wake: () => executor.wake(), onRunChange, metrics }),
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
  ]);
}
