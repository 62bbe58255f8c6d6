/**
 * The part of a join key its lookup index holds: the first 12 characters, 48 bits of an Alertmanager key (a
 * SHA-256 in hex), so two stored keys share it about once in 10^14 pairs and finding a key reads one index
 * entry and one row. Lookups compare both this and the key itself, so they stay exact whatever a key looks like.
 */
export const joinKeyPrefix = (column: string) => `substr(${column}, 1, 12)`;

/**
 * Migration 16: join keys kept in the order they were last touched (published, or judged by retention), so
 * retention reads the oldest first without an index of its own, and found through a small index of prefixes.
 *
 * The table was WITHOUT ROWID, keyed by the key: a hash, so every new Alertmanager group wrote into a random
 * leaf of a table of ~190 B rows. At 1,000,000 incidents that was ~2 of a single alert's ~4.4 WAL frames (the
 * leaf, and the splits that rows that large make often). Rows now go to the table's end, in touch order; the
 * prefix index still takes each new key at a random place, but its entries are ~20 B, so its leaves split ten
 * times less often and its whole is a tenth of the table's size. Touching a key again moves it to the end (a
 * new id). The one-row-per-key rule is kept by the writer (publishSqliteJoinKey), inside the delivery's
 * transaction: SQLite has one writer at a time. Keys stored before count as touched at the migration (by
 * SQLite's clock; a migration has no other), so none goes sooner than a retention later.
 */
export const joinKeysInTouchOrder = `
  CREATE TABLE join_keys_in_touch_order (
    id INTEGER PRIMARY KEY,
    join_key TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    touched_at INTEGER NOT NULL
  );
  INSERT INTO join_keys_in_touch_order (join_key, correlation_id, touched_at)
    SELECT join_key, correlation_id, unixepoch() * 1000 FROM join_keys ORDER BY join_key;
  DROP TABLE join_keys;
  ALTER TABLE join_keys_in_touch_order RENAME TO join_keys;
  CREATE INDEX join_keys_by_prefix ON join_keys (${joinKeyPrefix('join_key')});
`;
