import type { RunSeed } from '../runs/run';

/** Between a scope and the reopening it is for: `incident#reopen-2`. */
export const reopeningMark = '#reopen-';

/**
 * The scope a planned run takes in an incident that reopened `reopenCount` times. The store keeps one run
 * per (incident, playbook, scope), so a playbook runs once per incident (or per alert) however often the
 * incident reopens — unless it asks for `rerun_on_reopen`, whose runs are scoped to the reopening as well.
 */
export function scopeForReopening(seed: Pick<RunSeed, 'scopeKey' | 'definition'>, reopenCount: number): string {
  return seed.definition.rerunOnReopen && reopenCount > 0 ? `${seed.scopeKey}${reopeningMark}${reopenCount}` : seed.scopeKey;
}
