import { postmortemOnResolve } from './decide-alert-changes';
import type { DeliveryChange } from './delivery-change';
import type { LifecyclePolicy } from './lifecycle-policy';

/**
 * The postmortem a resolution (by its alerts or by hand) schedules: after the settle time, so a quick
 * reopening defers it. None when postmortems are off (no settle time).
 */
export function schedulePostmortemOnResolve(
  incidentId: string,
  at: string,
  policy: Pick<LifecyclePolicy, 'postmortemSettleMs'>,
): Extract<DeliveryChange, { kind: 'schedulePostmortem' }> | null {
  if (policy.postmortemSettleMs === undefined) return null;
  const dueAt = new Date(Date.parse(at) + policy.postmortemSettleMs).toISOString();
  return { kind: 'schedulePostmortem', incidentId, reason: postmortemOnResolve, dueAt, at };
}
