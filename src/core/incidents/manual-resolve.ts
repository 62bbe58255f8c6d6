/** A person closing an incident by hand (API or chat). */
export interface ManualResolveRequest {
  /** Who: recorded in the timeline. */
  by: string;
  /** Why: recorded in the timeline, and in the reason of the runs it cancels. */
  reason: string;
  /** When (the caller's clock). */
  at: string;
}

/** What a manual resolve did. */
export type ManualResolveOutcome =
  | {
      kind: 'resolved';
      incidentId: string;
      resolvedAt: string;
      /** Keys of the alerts that were still firing and are now recorded as resolved. */
      alertsResolved: string[];
      /** Queued runs and pending approvals it cancelled. */
      runsCancelled: Array<{ runId: string; playbook: string }>;
      /** When the postmortem is due (null: no settle time configured, nothing scheduled). */
      postmortemDueAt: string | null;
    }
  /** Nothing changed: it was resolved already (by its alerts or by someone else first). */
  | { kind: 'already_resolved'; incidentId: string; resolvedAt: string | null }
  | { kind: 'not_found'; incidentId: string };

/** What a store reads, inside its atomic scope, before deciding a manual resolve. */
export interface ManualResolveFacts {
  incident: { id: string; correlationId: string; status: 'open' | 'resolved'; resolvedAt: string | null } | null;
  /** Keys of the incident's alerts that are firing. */
  firingKeys: string[];
}
