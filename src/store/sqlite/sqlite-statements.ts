import type Database from 'better-sqlite3';
import { prepareSchedulePostmortem } from './sqlite-postmortems';

/** Prepared once per connection: preparing per delivery would dominate the hot path. */
export function prepareStatements(db: Database.Database) {
  return {
    deliveryByKey: db.prepare('SELECT id, decisions FROM deliveries WHERE dedupe_key = ?'),
    insertDelivery: db.prepare(
      `INSERT INTO deliveries (id, source, received_at, dedupe_key, event_type, alert_count, note, decisions, raw, raw_encoding)
       VALUES (@id, @source, @receivedAt, @dedupeKey, @eventType, @alertCount, @note, @decisions, @raw, @rawEncoding)`,
    ),
    joinKey: db.prepare('SELECT correlation_id FROM join_keys WHERE join_key = ?').pluck(),
    publishJoinKey: db.prepare('INSERT OR REPLACE INTO join_keys (join_key, correlation_id) VALUES (?, ?)'),
    latestIncident: db.prepare(
      'SELECT id, status, resolved_at, sources, flapping FROM incidents WHERE correlation_id = ? ORDER BY id DESC LIMIT 1',
    ),
    alertInIncident: db.prepare('SELECT status FROM alerts WHERE incident_id = ? AND key = ?'),
    latestAlertByKey: db.prepare('SELECT incident_id, status FROM alerts WHERE key = ? ORDER BY incident_id DESC LIMIT 1'),
    insertIncident: db.prepare(
      `INSERT INTO incidents (id, correlation_id, status, title, opened_at, last_seen_at, sources)
       VALUES (?, ?, 'open', ?, ?, ?, ?)`,
    ),
    reopenIncident: db.prepare(
      `UPDATE incidents SET status = 'open', resolved_at = NULL, reopen_count = reopen_count + 1 WHERE id = ?`,
    ),
    resolveIfQuiet: db.prepare(
      `UPDATE incidents SET status = 'resolved', resolved_at = ? WHERE id = ? AND status = 'open' AND firing_count = 0`,
    ),
    touchIncident: db.prepare(
      `UPDATE incidents SET last_seen_at = ?, alert_count = alert_count + ?, firing_count = firing_count + ?,
         state_changes = state_changes + ?, sources = ? WHERE id = ?`,
    ),
    countDelivery: db.prepare('UPDATE incidents SET delivery_count = delivery_count + 1 WHERE id = ?'),
    markFlapping: db.prepare('UPDATE incidents SET flapping = 1 WHERE id = ? AND flapping = 0'),
    insertAlert: db.prepare(
      `INSERT INTO alerts (incident_id, key, source, fingerprint, status, labels, annotations, starts_at, ends_at,
         generator_url, summary, first_seen_at, last_seen_at, delivery_count)
       VALUES (@incidentId, @key, @source, @fingerprint, @status, @labels, @annotations, @startsAt, @endsAt,
         @generatorUrl, @summary, @now, @now, 1)`,
    ),
    updateAlert: db.prepare(
      `UPDATE alerts SET status = @status, ends_at = @endsAt, labels = @labels, annotations = @annotations,
         last_seen_at = @now, delivery_count = delivery_count + 1 WHERE incident_id = @incidentId AND key = @key`,
    ),
    seenAlert: db.prepare(
      'UPDATE alerts SET last_seen_at = ?, delivery_count = delivery_count + 1 WHERE incident_id = ? AND key = ?',
    ),
    recordStateChange: db.prepare('INSERT INTO state_changes (correlation_id, at) VALUES (?, ?)'),
    stateChangesSince: db.prepare('SELECT COUNT(*) FROM state_changes WHERE correlation_id = ? AND at >= ?').pluck(),
    appendEvent: db.prepare(
      `INSERT INTO timeline (incident_id, seq, at, type, message, data)
       SELECT @incidentId, COALESCE(MAX(seq), 0) + 1, @at, @type, @message, @data FROM timeline WHERE incident_id = @incidentId`,
    ),
    incidentById: db.prepare('SELECT * FROM incidents WHERE id = ?'),
    alertsOfIncident: db.prepare('SELECT * FROM alerts WHERE incident_id = ? ORDER BY first_seen_at, key'),
    timelineOfIncident: db.prepare('SELECT * FROM timeline WHERE incident_id = ? ORDER BY seq'),
    schedulePostmortem: prepareSchedulePostmortem(db),
    deferPostmortem: db.prepare(
      `UPDATE postmortems SET state = 'deferred', due_at = NULL WHERE incident_id = ? AND state = 'pending' AND reason = 'incident resolved'`,
    ),
    countOpen: db.prepare(`SELECT COUNT(*) FROM incidents WHERE status = 'open'`).pluck(),
    ping: db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck(),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;
