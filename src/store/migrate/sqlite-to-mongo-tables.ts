import type { KeyedDoc, MongoCollections } from '../mongodb/mongo-collections';
import { mongoAlertId } from '../mongodb/mongo-alert-id';
import { mongoRunScopeId } from '../mongodb/mongo-run-scope-id';
import { mongoTimelineId } from '../mongodb/mongo-timeline-id';
import { parseAlertmanagerState } from '../parse-alertmanager-state';
import { classicAlertRow, classicDeliveryRow, classicSqliteSql, classicTimelineRow } from '../sqlite/classic-sqlite-rows';

type Row = Record<string, unknown>;

/**
 * One SQLite table (or one derived view of it) → one MongoDB collection, in exactly the document shape
 * the MongoDB adapter writes and reads (see src/store/mongodb/*). `sql` must return rows in a stable
 * order; `toDoc` is pure, so the verify pass can recompute the same `_id`s from the source.
 */
export interface TableSpec {
  /** The MongoDB collection name (the counts table is keyed by it). */
  collection: string;
  key: keyof MongoCollections;
  /** The SQLite table(s) the rows come from; a spec whose table is missing (older schema) copies nothing. */
  tables: string[];
  sql: (columns: (table: string) => Set<string>) => string;
  toDoc: (row: Row) => KeyedDoc;
}

const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v === undefined || v === null ? null : (v as string));
const date = (iso: unknown) => new Date(iso as string);
/** Files at migration 12 and later may hold rows in the compact layout: read them back as before it. */
const compact = (cols: (table: string) => Set<string>) => cols('bodies').size > 0;

export const tableSpecs: TableSpec[] = [
  {
    collection: 'incidents',
    key: 'incidents',
    tables: ['incidents'],
    // timelineSeq: the counter TimelineBuffer $incs to reserve seqs; it must continue after the copied ones.
    sql: (cols) =>
      `SELECT i.*, ${cols('timeline').size > 0 ? '(SELECT COALESCE(MAX(t.seq), 0) FROM timeline t WHERE t.incident_id = i.id)' : '0'} AS timeline_seq
       FROM incidents i ORDER BY i.id`,
    toDoc: (r) => ({
      _id: str(r.id),
      correlationId: str(r.correlation_id),
      status: str(r.status),
      title: str(r.title),
      openedAt: str(r.opened_at),
      resolvedAt: strOrNull(r.resolved_at),
      lastSeenAt: str(r.last_seen_at),
      deliveryCount: Number(r.delivery_count),
      alertCount: Number(r.alert_count),
      firingCount: Number(r.firing_count),
      stateChanges: Number(r.state_changes),
      reopenCount: Number(r.reopen_count),
      flapping: r.flapping === 1,
      sources: JSON.parse(str(r.sources)) as string[],
      timelineSeq: Number(r.timeline_seq),
      // The sub-document the adapter sets (recordAlertmanagerState); absent before migration 10 or never checked.
      ...(typeof r.alertmanager === 'string' ? { alertmanager: parseAlertmanagerState(JSON.parse(r.alertmanager)) } : {}),
    }),
  },
  {
    // The one-open-incident claim: `_id` = correlation ID, for every open incident.
    collection: 'open_incidents',
    key: 'openIncidents',
    tables: ['incidents'],
    sql: () => `SELECT id, correlation_id FROM incidents WHERE status = 'open' ORDER BY correlation_id`,
    toDoc: (r) => ({ _id: str(r.correlation_id), incidentId: str(r.id) }),
  },
  {
    collection: 'alerts',
    key: 'alerts',
    tables: ['alerts'],
    sql: (cols) => (compact(cols) ? classicSqliteSql.alerts : 'SELECT * FROM alerts ORDER BY incident_id, key'),
    toDoc: (row) => {
      const r = classicAlertRow(row);
      return {
        _id: mongoAlertId(str(r.incident_id), str(r.key)),
        incidentId: str(r.incident_id),
        key: str(r.key),
        source: str(r.source),
        fingerprint: str(r.fingerprint),
        startsAt: str(r.starts_at),
        generatorUrl: strOrNull(r.generator_url),
        summary: str(r.summary),
        firstSeenAt: str(r.first_seen_at),
        deliveryCount: Number(r.delivery_count),
        status: str(r.status),
        endsAt: strOrNull(r.ends_at),
        labels: str(r.labels), // JSON strings in both stores
        annotations: str(r.annotations),
        lastSeenAt: str(r.last_seen_at),
        // As the adapter writes it: only for alerts whose source stamps its events (absent in older schemas).
        ...(typeof r.last_event_at === 'string' ? { lastEventAt: r.last_event_at } : {}),
      };
    },
  },
  {
    collection: 'timeline',
    key: 'timeline',
    tables: ['timeline'],
    sql: (cols) => (compact(cols) ? classicSqliteSql.timeline : 'SELECT * FROM timeline ORDER BY incident_id, seq'),
    toDoc: (row) => {
      const r = classicTimelineRow(row);
      return {
        _id: mongoTimelineId(str(r.incident_id), Number(r.seq)),
        incidentId: str(r.incident_id),
        seq: Number(r.seq),
        at: str(r.at),
        type: str(r.type),
        message: str(r.message),
        data: str(r.data),
      };
    },
  },
  {
    // SQLite rows have no id; the adapter's `_id` is opaque (nothing reads it), so a deterministic one is
    // derived — correlation ID, time and occurrence — which makes re-running the copy idempotent.
    collection: 'state_changes',
    key: 'stateChanges',
    tables: ['state_changes'],
    sql: () =>
      `SELECT correlation_id, at, ROW_NUMBER() OVER (PARTITION BY correlation_id, at ORDER BY rowid) AS n
       FROM state_changes ORDER BY correlation_id, at, n`,
    toDoc: (r) => ({ _id: `chg|${str(r.correlation_id)}|${str(r.at)}|${Number(r.n)}`, correlationId: str(r.correlation_id), at: str(r.at), atDate: date(r.at) }),
  },
  {
    collection: 'join_keys',
    key: 'joinKeys',
    tables: ['join_keys'],
    sql: () => 'SELECT * FROM join_keys ORDER BY join_key',
    // A file from before migration 16 has no touch: the copy then has none either, and MongoDB's retention
    // counts such keys as touched when it first sees them (mongo-retention.ts).
    toDoc: (r) => ({
      _id: str(r.join_key),
      correlationId: str(r.correlation_id),
      ...(typeof r.touched_at === 'number' && r.touched_at > 0 ? { touchedAt: new Date(r.touched_at) } : {}),
    }),
  },
  {
    // Raw bodies: the MongoDB adapter stores them exactly as SQLite does — text below 8 KiB, deflate-raw
    // bytes (BSON binary) with rawEncoding 'deflate-raw' above — so they are copied byte for byte.
    collection: 'deliveries',
    key: 'deliveries',
    tables: ['deliveries'],
    sql: (cols) =>
      compact(cols) ? classicSqliteSql.deliveries : `SELECT *${cols('deliveries').has('raw_encoding') ? '' : `, 'utf8' AS raw_encoding`} FROM deliveries ORDER BY id`,
    toDoc: (row) => {
      const r = classicDeliveryRow(row);
      const deflated = r.raw_encoding === 'deflate-raw';
      return {
        _id: str(r.id),
        source: str(r.source),
        receivedAt: str(r.received_at),
        receivedAtDate: date(r.received_at),
        dedupeKey: strOrNull(r.dedupe_key),
        eventType: str(r.event_type),
        alertCount: Number(r.alert_count),
        note: strOrNull(r.note),
        decisions: str(r.decisions),
        raw: deflated ? Buffer.from(r.raw as Buffer) : typeof r.raw === 'string' ? r.raw : Buffer.from(r.raw as Buffer).toString('utf8'),
        rawEncoding: deflated ? 'deflate-raw' : 'utf8',
      };
    },
  },
  {
    // The dedupe claim of a recorded delivery, in its final state (finishDedupeKey: `done`, no lease).
    collection: 'delivery_keys',
    key: 'deliveryKeys',
    tables: ['deliveries'],
    sql: () => 'SELECT id, dedupe_key, received_at FROM deliveries WHERE dedupe_key IS NOT NULL ORDER BY dedupe_key',
    toDoc: (r) => ({ _id: str(r.dedupe_key), deliveryId: str(r.id), state: 'done', receivedAtDate: date(r.received_at) }),
  },
  {
    collection: 'runs',
    key: 'runs',
    tables: ['runs'],
    sql: () => 'SELECT * FROM runs ORDER BY created_at, id',
    toDoc: (r) => {
      const approval = strOrNull(r.approval);
      return {
        _id: str(r.id),
        incidentId: str(r.incident_id),
        correlationId: str(r.correlation_id),
        playbook: str(r.playbook),
        playbookVersion: str(r.playbook_version),
        definition: str(r.definition),
        scopeKey: str(r.scope_key),
        alertKey: strOrNull(r.alert_key),
        mode: str(r.mode),
        status: str(r.status),
        reason: strOrNull(r.reason),
        context: str(r.context),
        steps: str(r.steps),
        approval,
        // expireApprovals() queries this field; SQLite reads it from the JSON instead.
        approvalExpiresAt: approval ? ((JSON.parse(approval) as { expiresAt?: string }).expiresAt ?? null) : null,
        lockKey: strOrNull(r.lock_key),
        continueOnResolve: r.continue_on_resolve === 1,
        trigger: str(r.trigger),
        createdAt: str(r.created_at),
        startedAt: strOrNull(r.started_at),
        finishedAt: strOrNull(r.finished_at),
        updatedAt: str(r.updated_at),
        notBefore: strOrNull(r.not_before),
        leaseOwner: strOrNull(r.lease_owner),
        leaseExpiresAt: strOrNull(r.lease_expires_at),
        v: 0,
      };
    },
  },
  {
    // "Once per scope" claim for every run (SQLite enforces it with a unique index instead).
    collection: 'run_scopes',
    key: 'runScopes',
    tables: ['runs'],
    sql: () => 'SELECT id, incident_id, playbook, scope_key, created_at FROM runs ORDER BY incident_id, playbook, scope_key',
    toDoc: (r) => ({ _id: mongoRunScopeId(str(r.incident_id), str(r.playbook), str(r.scope_key)), runId: str(r.id), createdAt: str(r.created_at) }),
  },
  {
    collection: 'locks',
    key: 'locks',
    tables: ['locks'],
    sql: () => 'SELECT * FROM locks ORDER BY lock_key',
    toDoc: (r) => ({ _id: str(r.lock_key), runId: str(r.run_id), acquiredAt: str(r.acquired_at) }),
  },
  {
    collection: 'controls',
    key: 'controls',
    tables: ['controls'],
    sql: () => 'SELECT * FROM controls ORDER BY key',
    toDoc: (r) => ({ _id: str(r.key), value: JSON.parse(str(r.value)) as unknown }),
  },
  {
    collection: 'playbook_health',
    key: 'playbookHealth',
    tables: ['playbook_health'],
    sql: () => 'SELECT * FROM playbook_health ORDER BY playbook',
    toDoc: (r) => ({ _id: str(r.playbook), consecutiveFailures: Number(r.consecutive_failures) }),
  },
  {
    collection: 'chat_refs',
    key: 'chatRefs',
    tables: ['chat_refs'],
    sql: () => 'SELECT * FROM chat_refs ORDER BY key',
    toDoc: (r) => {
      const ref = JSON.parse(str(r.ref)) as { channel: string; ts: string };
      return { _id: str(r.key), channel: ref.channel, ts: ref.ts, createdAt: str(r.created_at) };
    },
  },
  {
    collection: 'silences',
    key: 'silences',
    tables: ['silences'],
    sql: () => 'SELECT * FROM silences ORDER BY id',
    toDoc: (r) => ({
      _id: str(r.id),
      matchers: JSON.parse(str(r.matchers)) as string[],
      createdBy: str(r.created_by),
      reason: str(r.reason),
      startsAt: str(r.starts_at),
      endsAt: str(r.ends_at),
    }),
  },
  {
    collection: 'postmortems',
    key: 'postmortems',
    tables: ['postmortems'],
    sql: () => 'SELECT * FROM postmortems ORDER BY incident_id',
    toDoc: (r) => ({
      _id: str(r.incident_id),
      state: str(r.state),
      reason: str(r.reason),
      dueAt: strOrNull(r.due_at),
      attempts: Number(r.attempts ?? 0),
      lastError: strOrNull(r.last_error),
      ticket: r.ticket ? (JSON.parse(str(r.ticket)) as unknown) : null, // an object in MongoDB (savePostmortem)
      filedAt: strOrNull(r.filed_at),
      updatedAt: str(r.updated_at),
      leaseOwner: strOrNull(r.lease_owner),
      leaseExpiresAt: strOrNull(r.lease_expires_at),
    }),
  },
];
