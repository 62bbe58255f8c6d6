/**
 * The part of an alert key its index is ordered by: what follows the first '@' (an Alertmanager key is
 * `am:<fingerprint>@<startsAt>`, so its start time), or the whole key when it has none (`pd:<incident id>`).
 * `column` is an SQL expression for a key: a column, or a parameter; lookups compare both this and the key
 * itself, so they stay exact whatever a key looks like.
 */
export const keyTime = (column: string) => `substr(${column}, instr(${column}, '@') + 1)`;

/**
 * Migration 13: alerts found by key through an index ordered by the key's start time, not by the key.
 *
 * `alerts_by_key (key, incident_id)` was ordered by the fingerprint, a hash: every new alert went into a random
 * leaf of it. A 50-alert group dirtied ~29 of its pages (of ~45 WAL frames per group in all), and on a store with
 * history each of those leaves was a cache miss read back first. New alerts start now, so ordered by start
 * time they all go to the index's end: a few pages per group. The lookup (the latest stored alert with a key)
 * is the same: equal start part, equal key, highest incident id. Keys without an '@' (PagerDuty) are ordered as
 * before. Building it on an existing store takes a few seconds per million alerts, once.
 */
export const alertKeysByTime = `
  CREATE INDEX alerts_by_key_time ON alerts (${keyTime('key')}, key, incident_id);
  DROP INDEX alerts_by_key;
`;
