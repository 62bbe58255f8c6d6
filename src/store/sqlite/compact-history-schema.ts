/** The body a stored column points into: its leading integer when it is a reference (see alert-columns.ts). */
const bodyOf = (value: string) => `CAST(CAST(${value} AS TEXT) AS INTEGER)`;
const columns = ['labels', 'annotations', 'generator_url', 'summary'];

/** One reference less for each of the row's columns that was a reference (a BLOB). */
const release = (row: 'old') =>
  columns.map((c) => `UPDATE bodies SET refs = refs - 1 WHERE typeof(${row}.${c}) = 'blob' AND id = ${bodyOf(`${row}.${c}`)};`).join('\n    ');

/**
 * Migration 12: each raw body stored once, compressed, in `bodies`; alerts point into it instead of copying
 * its JSON. A single-alert incident took 6.2 KB of data directory, half of it the same text three times (the
 * raw body; the alert's labels, annotations, generator URL and summary; the correlation ID and reasons in the
 * decisions and timeline). It now takes ~3.0 KB.
 *
 * - `bodies`: one row per distinct body text (TEXT as received below 1 KB, else a BLOB: see sqlite-bodies.ts),
 *   found by a 48-bit hash of its text and then compared in full, so a re-sent notification (Alertmanager has
 *   no delivery id) adds a small delivery row and no body. `refs` counts the deliveries and alert columns
 *   pointing at it: the writer adds them once per delivery (one UPDATE, not one per alert), these triggers
 *   take them away as rows are deleted (retention) or an alert's column is replaced, and retention deletes a
 *   body once nothing points at it. An alert's columns may point into different bodies (an update rewrites
 *   labels and annotations, never the generator URL or summary), so each column counts by itself.
 * - New deliveries carry `body_id` (raw '' and raw_encoding 'body') and their decisions deflated
 *   (delivery-decisions.ts); new alerts may hold references in labels, annotations, generator_url and summary
 *   (BLOBs; alert-columns.ts); new timeline entries mark what their incident row holds (timeline-text.ts).
 *   Rows written before keep their own copies and are read as they are: nothing is converted, so the
 *   migration takes no time on any store, and readers tell the layouts apart by the value's type.
 * - No column is added to alerts or timeline (the values change type instead), so nothing here depends on
 *   those tables' layout.
 */
export const compactHistorySchema = `
  CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    refs INTEGER NOT NULL,
    raw NOT NULL
  );
  CREATE INDEX bodies_by_hash ON bodies (hash);
  CREATE INDEX bodies_unreferenced ON bodies (id) WHERE refs <= 0;
  ALTER TABLE deliveries ADD COLUMN body_id INTEGER;
  CREATE TRIGGER deliveries_release_body AFTER DELETE ON deliveries WHEN old.body_id IS NOT NULL
  BEGIN
    UPDATE bodies SET refs = refs - 1 WHERE id = old.body_id;
  END;
  CREATE TRIGGER alerts_release_bodies AFTER DELETE ON alerts
  BEGIN
    ${release('old')}
  END;
  ${columns
    .map(
      (c) => `CREATE TRIGGER alerts_replace_${c} AFTER UPDATE OF ${c} ON alerts WHEN typeof(old.${c}) = 'blob'
  BEGIN
    UPDATE bodies SET refs = refs - 1 WHERE id = ${bodyOf(`old.${c}`)};
  END;`,
    )
    .join('\n  ')}
`;
