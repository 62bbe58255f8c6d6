import type { DeliveryChange } from './delivery-change';
import type { LifecyclePolicy } from './lifecycle-policy';
import type { ManualResolveFacts, ManualResolveOutcome, ManualResolveRequest } from './manual-resolve';
import { schedulePostmortemOnResolve } from './schedule-postmortem-on-resolve';
import { timelineEntries as entry } from './timeline-entries';

export interface ManualResolveDecision {
  /** To apply atomically, in order; `resolveIncident` is always last (see below). */
  changes: DeliveryChange[];
  /** runsCancelled is empty here: only applying the cancellation tells which runs were queued. */
  outcome: ManualResolveOutcome;
}

/**
 * A person resolves an incident: what an alert resolution does (queued runs and pending approvals
 * cancelled, the postmortem scheduled after the settle time, the same `incident resolved` reason so a
 * reopening defers it), plus its firing alerts marked resolved and a timeline entry with who and why.
 *
 * Marking the alerts resolved is what makes the close stick: a copy of one of those occurrences arriving
 * later (Alertmanager repeats a still-firing group every repeat_interval) is stale and changes nothing,
 * while anything new follows the normal rules — a new occurrence (new startsAt) or a new alert of the
 * correlation ID reopens the incident within the reopen window of this resolve and opens a new incident
 * after it; a PagerDuty event newer than the last one applied is applied as usual (`incident.reopened`
 * reopens). No flapping state change is counted: the alerts did not change at their source.
 *
 * `resolveIncident` comes last so a store without multi-document transactions can write everything
 * else first: a crash in between leaves an open incident that a second attempt resolves, never a
 * resolved one whose who-and-why is missing.
 */
export function decideManualResolve(
  incidentId: string,
  facts: ManualResolveFacts,
  request: ManualResolveRequest,
  policy: Pick<LifecyclePolicy, 'postmortemSettleMs'>,
): ManualResolveDecision {
  const { incident } = facts;
  const { by, reason, at } = request;
  if (!incident) return { changes: [], outcome: { kind: 'not_found', incidentId } };
  if (incident.status === 'resolved') return { changes: [], outcome: { kind: 'already_resolved', incidentId: incident.id, resolvedAt: incident.resolvedAt } };
  const id = incident.id;
  const changes: DeliveryChange[] = [];
  if (facts.firingKeys.length > 0) changes.push({ kind: 'resolveAlerts', incidentId: id, alertKeys: facts.firingKeys, at });
  changes.push({ kind: 'appendEvent', incidentId: id, at, entry: entry.resolvedByHand(by, reason, facts.firingKeys) });
  const postmortem = schedulePostmortemOnResolve(id, at, policy);
  if (postmortem) changes.push(postmortem);
  changes.push({ kind: 'cancelQueuedRuns', incidentId: id, reason: `incident resolved by ${by}: remediation no longer needed`, at });
  changes.push({ kind: 'resolveIncident', incidentId: id, correlationId: incident.correlationId, at });
  return { changes, outcome: { kind: 'resolved', incidentId: id, resolvedAt: at, alertsResolved: facts.firingKeys, runsCancelled: [], postmortemDueAt: postmortem?.dueAt ?? null } };
}
