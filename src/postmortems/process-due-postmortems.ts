import type { Clock } from '../core/clock';
import type { Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import { buildPostmortem } from './build-postmortem';
import type { TicketRef, Tracker } from '../core/postmortems/tracker';

export interface PostmortemDeps {
  store: Store;
  tracker: Tracker;
  clock: Clock;
  log: Logger;
  owner: string;
  template?: string;
  chatLink?(incidentId: string): Promise<string | undefined>;
  onFiled?(incidentId: string, ticket: TicketRef): void;
}

/** 30 s, 1 min, 2 min … capped at 1 h; a tracker's Retry-After wins when longer. */
function postmortemBackoffMs(attempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

/**
 * The scheduled job (node-cron calls it): files or updates each due postmortem, exactly one ticket per
 * incident. The ref is stored right after `create`; if the process dies in between, `find` (the marker)
 * recovers it on the retry, so the next attempt updates instead of creating a second ticket.
 */
export async function processDuePostmortems(deps: PostmortemDeps): Promise<number> {
  const now = () => deps.clock.now().toISOString();
  const due = await deps.store.claimDuePostmortems({ now: now(), owner: deps.owner, leaseMs: 120_000, limit: 10 });
  for (const pm of due) {
    const log = deps.log.child({ incidentId: pm.incidentId });
    const detail = await deps.store.getIncident(pm.incidentId);
    if (!detail) continue;
    if (pm.reason === 'incident resolved' && detail.incident.status === 'open') {
      await deps.store.savePostmortem(pm.incidentId, { now: now(), state: 'deferred', dueAt: null });
      continue; // reopened within the settle window: the next resolution schedules it again
    }
    try {
      const runs = await deps.store.listRuns({ incidentId: pm.incidentId, limit: 500 });
      const doc = buildPostmortem({ detail, runs, reason: pm.reason, template: deps.template, chatLink: await deps.chatLink?.(pm.incidentId) });
      let ticket = pm.ticket ?? (await deps.tracker.find(pm.incidentId));
      if (ticket) {
        ticket = await deps.tracker.update(ticket, doc);
      } else {
        ticket = await deps.tracker.create(doc);
        await deps.store.savePostmortem(pm.incidentId, { now: now(), state: 'pending', ticket });
      }
      await deps.store.savePostmortem(pm.incidentId, { now: now(), state: 'filed', ticket, attempts: 0, lastError: null, filed: true });
      log.info({ ticket: ticket.url }, 'postmortem filed');
      deps.onFiled?.(pm.incidentId, ticket);
    } catch (error) {
      const attempts = pm.attempts + 1;
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
      const dueAt = new Date(deps.clock.now().getTime() + postmortemBackoffMs(attempts, retryAfterMs)).toISOString();
      await deps.store.savePostmortem(pm.incidentId, { now: now(), state: 'pending', attempts, dueAt, lastError: (error as Error).message });
      log.warn({ err: error, attempts, dueAt }, 'postmortem not filed; will retry');
    }
  }
  return due.length;
}
