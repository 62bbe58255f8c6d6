import type { IncomingStatus } from '../alerts/alert';
import type { OccurrenceFacts } from './delivery-facts';
import type { LifecyclePolicy } from './lifecycle-policy';

/** The facts a store has read, inside its transaction, about where an incoming alert would land. */
export interface AlertSituation {
  /** The latest incident for the alert's correlation ID: the open one if any (at most one is open). */
  incident: { status: 'open' | 'resolved'; resolvedAt: string | null } | null;
  /** The same alert (by key) in that incident. */
  existing: { status: 'firing' | 'resolved' } | null;
  status: IncomingStatus;
  now: string;
  /** The latest stored alert with this key, in whichever incident holds it (null: never stored). */
  occurrence?: Pick<OccurrenceFacts, 'status' | 'lastEventAt'> | null;
  /** The source's time of this event (PagerDuty `occurred_at`); absent for Alertmanager. */
  occurredAt?: string;
}

export type AlertAction =
  | { kind: 'ignore'; reason: string }
  | { kind: 'activity' }
  | { kind: 'duplicate' }
  /** A late or out-of-order copy: recorded with the reason, changes nothing. */
  | { kind: 'stale'; reason: string }
  /** The known alert changed state; `reopen` when its resolved incident comes back within the window. */
  | { kind: 'state_change'; to: 'firing' | 'resolved'; reopen: boolean }
  /** A new alert joins the incident (reopening it first when `reopen`). */
  | { kind: 'attach'; reopen: boolean }
  | { kind: 'new_incident' };

/**
 * The incident lifecycle as one pure function, so every store adapter applies the same rules inside its
 * own atomic write. The latest incident per correlation ID is the open one when any is open, because a new
 * one is only opened when none is. Stale copies are refused before anything else (see staleReason).
 */
export function decideAlert(s: AlertSituation, policy: LifecyclePolicy): AlertAction {
  const stale = staleReason(s);
  if (stale !== null) return { kind: 'stale', reason: stale };
  const { incident, existing, status } = s;
  if (status === null) {
    return existing ? { kind: 'activity' } : { kind: 'ignore', reason: 'activity for an alert mendbot has not seen' };
  }
  if (incident?.status === 'open') {
    if (!existing) return { kind: 'attach', reopen: false };
    return existing.status === status ? { kind: 'duplicate' } : { kind: 'state_change', to: status, reopen: false };
  }
  if (status === 'resolved') {
    return existing
      ? { kind: 'duplicate' }
      : { kind: 'ignore', reason: 'resolved alert with no open incident: recorded, no incident opened' };
  }
  if (incident && withinReopenWindow(incident.resolvedAt, s.now, policy.reopenWindowMs)) {
    return existing ? { kind: 'state_change', to: 'firing', reopen: true } : { kind: 'attach', reopen: true };
  }
  return { kind: 'new_incident' };
}

/**
 * Why an event must not be applied, or null. Senders deliver at least once and, with two Alertmanager
 * peers or a retried request, out of order, so an old copy can arrive after the news that superseded it:
 *  - a source that stamps its events (`occurredAt`, PagerDuty) can reopen the same key, so its events are
 *    ordered by that time: one older than the last event applied to the key changes nothing;
 *  - without event times the key names one occurrence (Alertmanager: fingerprint@startsAt, a re-fire has
 *    a new startsAt), and an occurrence recorded as resolved never fires again: a firing copy of it is a
 *    late or repeated notification. Applying it would reopen an incident no resolve will ever close.
 */
function staleReason(s: Pick<AlertSituation, 'status' | 'occurrence' | 'occurredAt'>): string | null {
  const { occurrence, occurredAt } = s;
  if (!occurrence) return null;
  if (occurredAt !== undefined) {
    const last = occurrence.lastEventAt;
    return last !== null && Date.parse(occurredAt) < Date.parse(last) ? `event of ${occurredAt} is older than the last one applied (${last})` : null;
  }
  return s.status === 'firing' && occurrence.status === 'resolved'
    ? 'this occurrence is already resolved; a late or repeated firing copy changes nothing (a new firing has a new start time)'
    : null;
}

function withinReopenWindow(resolvedAt: string | null, now: string, windowMs: number): boolean {
  if (resolvedAt === null || windowMs <= 0) return false;
  return Date.parse(now) - Date.parse(resolvedAt) <= windowMs;
}
