import type Database from 'better-sqlite3';
import type { AlertWrite, TimelineEntry } from '../../core/incidents/delivery-change';
import type { AlertColumnValues } from './alert-columns';
import { timelineMarker } from './timeline-text';

/** Rows per INSERT: a 50-alert group is one statement per table; SQLite allows 32,766 parameters. */
const maxRows = 64;

const alertColumns =
  'incident_id, key, source, fingerprint, status, labels, annotations, starts_at, ends_at, generator_url, summary, first_seen_at, last_seen_at, delivery_count, last_event_at';
const alertValues = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)';
const timelineValues = '(?, ?, ?, ?, ?, ?)';

/** Multi-row INSERT statements for new alerts and timeline entries, prepared once per row count. */
export function prepareRowInserts(db: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  const statement = (table: 'alerts' | 'timeline', rows: number) => {
    const k = `${table}:${rows}`;
    let s = cache.get(k);
    if (!s) {
      const [columns, values] = table === 'alerts' ? [alertColumns, alertValues] : ['incident_id, seq, at, type, message, data', timelineValues];
      s = db.prepare(`INSERT INTO ${table} (${columns}) VALUES ${Array.from({ length: rows }, () => values).join(', ')}`);
      cache.set(k, s);
    }
    return s;
  };
  return {
    statement,
    /** The highest timeline seq of an incident (0 when it has none): the index answers it. */
    lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM timeline WHERE incident_id = ?').pluck(),
  };
}

export type RowInserts = ReturnType<typeof prepareRowInserts>;

/**
 * A delivery's new alerts and timeline entries, written as a few multi-row INSERTs instead of one
 * statement per row (a 50-alert group was 50 + 51 statements, each timeline row with its own MAX(seq)).
 * Rows are held only while the changes between them touch neither table: the caller flushes before any
 * other change, and forgets the seqs after anything that appends to the timeline by itself (runs).
 */
export class SqliteRowBatch {
  private alerts: unknown[] = [];
  private events: unknown[] = [];
  private readonly nextSeq = new Map<string, number>();
  private readonly markers = new Map<string, ReturnType<typeof timelineMarker>>();

  constructor(private readonly inserts: RowInserts) {}

  /** `columns`: labels, annotations and generator URL as stored (their JSON, or references into the body). */
  alert(incidentId: string, a: AlertWrite, now: string, columns: AlertColumnValues): void {
    this.alerts.push(
      incidentId,
      a.key,
      a.source,
      a.fingerprint,
      a.status,
      columns.labels,
      columns.annotations,
      a.startsAt,
      a.endsAt ?? null,
      columns.generatorUrl,
      columns.summary,
      now,
      now,
      a.occurredAt ?? null,
    );
  }

  /** `correlationId`: the incident's when known ('' if not), written once in its row and marked in the entry (timeline-text.ts). */
  event(incidentId: string, at: string, e: TimelineEntry, correlationId: string): void {
    let seq = this.nextSeq.get(incidentId);
    if (seq === undefined) seq = (this.inserts.lastSeq.get(incidentId) as number) + 1;
    this.nextSeq.set(incidentId, seq + 1);
    let marker = this.markers.get(incidentId);
    if (!marker) this.markers.set(incidentId, (marker = timelineMarker({ incidentId, correlationId })));
    const [message, data] = marker(e.message, e.data ?? {});
    this.events.push(incidentId, seq, at, e.type, message, data);
  }

  /** Writes what is held: alerts first (timeline rows never depend on them, nor they on timeline rows). */
  flush(): void {
    this.alerts = this.write('alerts', this.alerts, 14);
    this.events = this.write('timeline', this.events, 6);
  }

  /** An incident inserted in this transaction: its timeline starts at 1, without reading its last seq. */
  opened(incidentId: string): void {
    this.nextSeq.set(incidentId, 1);
  }

  /** After something else appended timeline rows: read each incident's last seq again. */
  forgetSeqs(): void {
    this.nextSeq.clear();
  }

  private write(table: 'alerts' | 'timeline', values: unknown[], perRow: number): unknown[] {
    for (let i = 0; i < values.length; i += maxRows * perRow) {
      const chunk = values.slice(i, i + maxRows * perRow);
      this.inserts.statement(table, chunk.length / perRow).run(chunk);
    }
    return [];
  }
}
