import type { IncomingStatus } from '../alerts/alert';
import type { LifecyclePolicy } from './lifecycle-policy';

/** The facts a store has read, inside its transaction, about where an incoming alert would land. */
export interface AlertSituation {
  /** The latest incident for the alert's correlation ID: the open one if any (at most one is open). */
  incident: { status: 'open' | 'resolved'; resolvedAt: string | null } | null;
  /** The same alert (by key) in that incident. */
  existing: { status: 'firing' | 'resolved' } | null;
  status: IncomingStatus;
  now: string;
}

export type AlertAction =
  | { kind: 'ignore'; reason: string }
  | { kind: 'activity' }
  | { kind: 'duplicate' }
  /** The known alert changed state; `reopen` when its resolved incident comes back within the window. */
  | { kind: 'state_change'; to: 'firing' | 'resolved'; reopen: boolean }
  /** A new alert joins the incident (reopening it first when `reopen`). */
  | { kind: 'attach'; reopen: boolean }
  | { kind: 'new_incident' };

/**
 * The incident lifecycle as one pure function, so every store adapter applies the same rules inside its
 * own atomic write. The latest incident per correlation ID is the open one when any is open, because a new
 * one is only opened when none is.
 */
export function decideAlert(s: AlertSituation, policy: LifecyclePolicy): AlertAction {
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

function withinReopenWindow(resolvedAt: string | null, now: string, windowMs: number): boolean {
  if (resolvedAt === null || windowMs <= 0) return false;
  return Date.parse(now) - Date.parse(resolvedAt) <= windowMs;
}
