import type { AlertmanagerState } from '../core/alertmanager/alertmanager-state';

/**
 * A stored AlertmanagerState (SQLite: the parsed JSON column; MongoDB: the sub-document) back to the domain
 * type, checked field by field rather than cast: a hand-edited or half-migrated row reads as "never checked"
 * (null) instead of handing the API an object of the wrong shape. Plain typeof checks, no schema library:
 * this runs for every incident row a listing builds.
 */
export function parseAlertmanagerState(value: unknown): AlertmanagerState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.active !== 'boolean' || typeof v.checkedAt !== 'string') return null;
  if (v.missingSince !== null && typeof v.missingSince !== 'string') return null;
  return { active: v.active, checkedAt: v.checkedAt, missingSince: v.missingSince };
}
