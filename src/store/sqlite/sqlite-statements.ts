import type Database from 'better-sqlite3';
import { keyTime } from './alert-keys-by-time';
import { correlationOrder } from './incidents-by-correlation';
import { joinKeyPrefix } from './join-keys-in-touch-order';
import { prepareBodies } from './sqlite-bodies';
import { prepareSchedulePostmortem } from './sqlite-postmortems';
import { prepareRowInserts } from './sqlite-row-batch';

/** The stored row of join key @key: the latest, though the writer keeps one per key (publishSqliteJoinKey). */
const joinKeyLookup = `FROM join_keys WHERE ${joinKeyPrefix('join_key')} = ${joinKeyPrefix('@key')} AND join_key = @key ORDER BY id DESC LIMIT 1`;

/** The incident columns the lifecycle reads (see IncidentFacts). */
const incidentFacts = 'id, correlation_id, status, resolved_at, firing_count, flapping, sources, reopen_count';

/** Prepared once per connection: preparing per delivery would dominate the hot path. */
export function prepareStatements(db: Database.Database) {
  return {
    deliveryByKey: db.prepare('SELECT id, decisions FROM deliveries WHERE dedupe_key = ?'),
    // The body is in `bodies` (migration 12): raw stays '' (the column is NOT NULL) and says where it is.
    insertDelivery: db.prepare(
      `INSERT INTO deliveries (id, source, received_at, dedupe_key, event_type, alert_count, note, decisions, raw, raw_encoding, body_id)
       VALUES (@id, @source, @receivedAt, @dedupeKey, @eventType, @alertCount, @note, @decisions, '', 'body', @bodyId)`,
    ),
    bodies: prepareBodies(db),
    // Facts, one statement per question so intake stays at a few statements per alert.
    joinKeyFacts: db.prepare(
      `SELECT (SELECT correlation_id ${joinKeyLookup}) AS published,
         EXISTS (SELECT 1 FROM incidents WHERE correlation_id = @key) AS has_incident`,
    ),
    // The open incident of the correlation ID, else its highest id: the last entry of its index (migration 14).
    latestIncident: db.prepare(`SELECT ${incidentFacts} FROM incidents WHERE correlation_id = ? ORDER BY ${correlationOrder} DESC LIMIT 1`),
    stateChangesSince: db.prepare('SELECT COUNT(*) FROM state_changes WHERE correlation_id = ? AND at >= ?').pluck(),
    alertStatuses: db.prepare('SELECT key, status FROM alerts WHERE incident_id = ? AND key IN (SELECT value FROM json_each(?))'),
    // The latest stored alert with a key (highest incident id), from the index alone plus one row. Every lookup
    // by key names the key's time part too: that is what the index is ordered by (alert-keys-by-time.ts).
    occurrence: db.prepare(
      `SELECT incident_id, status, last_event_at FROM alerts
       WHERE ${keyTime('key')} = ${keyTime('@key')} AND key = @key ORDER BY incident_id DESC LIMIT 1`,
    ),
    // The same for many keys in one statement. SQLite documents that with a lone MAX() the other columns
    // come from the row holding the maximum: the latest alert per key.
    occurrences: db.prepare(
      `SELECT a.key, MAX(a.incident_id) AS incident_id, a.status, a.last_event_at FROM json_each(?) k CROSS JOIN alerts a
       WHERE ${keyTime('a.key')} = ${keyTime('k.value')} AND a.key = k.value GROUP BY a.key`,
    ),
    incidentOfLatestAlert: db.prepare(
      `SELECT ${incidentFacts.split(', ').map((c) => `i.${c}`).join(', ')} FROM alerts a JOIN incidents i ON i.id = a.incident_id
       WHERE ${keyTime('a.key')} = ${keyTime('@key')} AND a.key = @key ORDER BY a.incident_id DESC LIMIT 1`,
    ),
    // Writes.
    // Join keys: one row per key, kept so by publishSqliteJoinKey; in touch order (migration 16).
    joinKeyRow: db.prepare(`SELECT id, correlation_id, touched_at ${joinKeyLookup}`),
    insertJoinKey: db.prepare('INSERT INTO join_keys (join_key, correlation_id, touched_at) VALUES (@joinKey, @correlationId, @touchedAt)'),
    deleteJoinKey: db.prepare('DELETE FROM join_keys WHERE id = ?'),
    // With the counters the delivery's touch of the new incident sets (applySqliteChanges folds it in).
    insertIncident: db.prepare(
      `INSERT INTO incidents (id, correlation_id, status, title, opened_at, last_seen_at, sources, alert_count, firing_count, state_changes, delivery_count)
       VALUES (@incidentId, @correlationId, 'open', @title, @openedAt, @at, @sources, @alertDelta, @firingDelta, @stateChangeDelta, @deliveryDelta)`,
    ),
    reopenIncident: db.prepare(
      `UPDATE incidents SET status = 'open', resolved_at = NULL, reopen_count = reopen_count + 1 WHERE id = ?`,
    ),
    resolveIncident: db.prepare(`UPDATE incidents SET status = 'resolved', resolved_at = ? WHERE id = ?`),
    touchIncident: db.prepare(
      `UPDATE incidents SET last_seen_at = @at, alert_count = alert_count + @alertDelta, firing_count = firing_count + @firingDelta,
         state_changes = state_changes + @stateChangeDelta, delivery_count = delivery_count + @deliveryDelta, sources = @sources
       WHERE id = @incidentId`,
    ),
    markFlapping: db.prepare('UPDATE incidents SET flapping = 1 WHERE id = ?'),
    updateAlert: db.prepare(
      `UPDATE alerts SET status = @status, ends_at = @endsAt, labels = @labels, annotations = @annotations,
         last_seen_at = @now, delivery_count = delivery_count + 1, last_event_at = COALESCE(@eventAt, last_event_at)
       WHERE incident_id = @incidentId AND key = @key`,
    ),
    seenAlert: db.prepare(
      `UPDATE alerts SET last_seen_at = @at, delivery_count = delivery_count + 1, last_event_at = COALESCE(@eventAt, last_event_at)
       WHERE incident_id = @incidentId AND key = @alertKey`,
    ),
    resolveAlerts: db.prepare(
      `UPDATE alerts SET status = 'resolved', ends_at = @at WHERE incident_id = @incidentId AND key IN (SELECT value FROM json_each(@keys))`,
    ),
    lowerFiringCount: db.prepare('UPDATE incidents SET firing_count = firing_count - @count WHERE id = @incidentId'),
    // The run holding a scope, named when a planned run is refused (once per scope).
    runOfScope: db.prepare('SELECT id, status FROM runs WHERE incident_id = ? AND playbook = ? AND scope_key = ?'),
    recordStateChange: db.prepare('INSERT INTO state_changes (correlation_id, at) VALUES (?, ?)'),
    appendEvent: db.prepare(
      `INSERT INTO timeline (incident_id, seq, at, type, message, data)
       SELECT @incidentId, COALESCE(MAX(seq), 0) + 1, @at, @type, @message, @data FROM timeline WHERE incident_id = @incidentId`,
    ),
    // New alerts and timeline entries of a delivery, several rows per statement (see SqliteRowBatch).
    rowInserts: prepareRowInserts(db),
    schedulePostmortem: prepareSchedulePostmortem(db),
    deferPostmortem: db.prepare(
      `UPDATE postmortems SET state = 'deferred', due_at = NULL WHERE incident_id = ? AND state = 'pending' AND reason = ?`,
    ),
    // Reads for the API.
    incidentById: db.prepare('SELECT * FROM incidents WHERE id = ?'),
    alertsOfIncident: db.prepare('SELECT * FROM alerts WHERE incident_id = ? ORDER BY first_seen_at, key'),
    firingKeysOfIncident: db.prepare(`SELECT key FROM alerts WHERE incident_id = ? AND status = 'firing' ORDER BY first_seen_at, key`).pluck(),
    timelineOfIncident: db.prepare('SELECT * FROM timeline WHERE incident_id = ? ORDER BY seq'),
    countOpen: db.prepare(`SELECT COUNT(*) FROM incidents WHERE status = 'open'`).pluck(),
    ping: db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck(),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;
