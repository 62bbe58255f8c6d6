import { encodeRawBody } from '../encode-raw-body';
import { columnJson, textOf } from './alert-columns';
import { bodyReader } from './body-reader';
import { decisionsJson } from './delivery-decisions';
import { bodyText } from './sqlite-bodies';
import { decodeTimelineText } from './timeline-text';

type Row = Record<string, unknown>;

const bodyOf = (table: string, column: string) =>
  `(SELECT raw FROM bodies WHERE typeof(${table}.${column}) = 'blob' AND id = CAST(CAST(${table}.${column} AS TEXT) AS INTEGER)) AS ${column}_body`;

/**
 * For a reader of the tables themselves rather than the store (the SQLite → MongoDB copy): queries and row
 * mappers that give every row with its columns as they were before migration 12 — labels, annotations,
 * generator_url and summary as text, timeline message and data unmarked, decisions as JSON text, the raw body in the row
 * (text, or deflate-raw without a dictionary) — whichever layout the row was written in. The queries need
 * the `bodies` table (migration 12); on an older file `SELECT *` already gives these rows.
 */
export const classicSqliteSql = {
  alerts: `SELECT a.*, ${bodyOf('a', 'labels')}, ${bodyOf('a', 'annotations')}, ${bodyOf('a', 'generator_url')}, ${bodyOf('a', 'summary')} FROM alerts a ORDER BY a.incident_id, a.key`,
  timeline: `SELECT t.*, (SELECT correlation_id FROM incidents WHERE id = t.incident_id) AS incident_correlation_id FROM timeline t ORDER BY t.incident_id, t.seq`,
  deliveries: `SELECT d.*, b.raw AS body FROM deliveries d LEFT JOIN bodies b ON b.id = d.body_id ORDER BY d.id`,
};

export function classicAlertRow(r: Row): Row {
  // Each column's body comes with the row (columns may refer to different bodies): decoded per column.
  const from = (column: string) => bodyReader(() => bodyText(r[`${column}_body`]));
  return {
    ...r,
    labels: columnJson(r.labels, from('labels')),
    annotations: columnJson(r.annotations, from('annotations')),
    generator_url: textOf(r.generator_url, from('generator_url')),
    summary: textOf(r.summary, from('summary')),
  };
}

export function classicTimelineRow(r: Row): Row {
  const ctx = { incidentId: r.incident_id as string, correlationId: (r.incident_correlation_id as string | null) ?? '' };
  return { ...r, ...decodeTimelineText(r.message, r.data, ctx) };
}

export function classicDeliveryRow(r: Row): Row {
  const body = r.raw_encoding === 'body' ? encodeRawBody(bodyText(r.body)) : null;
  return { ...r, decisions: decisionsJson(r.decisions), ...(body ? { raw: body.raw, raw_encoding: body.rawEncoding } : {}) };
}
