import type { AlertWrite } from '../../core/incidents/delivery-change';
import { jsonValueSpans, minSpanChars, type JsonValueSpans, type Span } from './json-value-spans';

type Column = 'labels' | 'annotations' | 'generatorUrl' | 'summary';

/** What an alert's four body-derived columns hold before the body id is known: each a span of the body or its own text. */
export interface AlertSpans {
  labels: string | Span;
  annotations: string | Span;
  /** null: no generator URL; a string: the URL itself. */
  generatorUrl: string | null | Span;
  /** A string: the summary itself. */
  summary: string | Span;
}

/** As Go's encoding/json (Alertmanager) writes JSON text: it escapes these where JSON.stringify does not. */
const goEscapes: Array<[string, string]> = [
  ['&', '\\u0026'],
  ['<', '\\u003c'],
  ['>', '\\u003e'],
  ['\u2028', '\\u2028'],
  ['\u2029', '\\u2029'],
];
function goForm(json: string): string {
  let out = json;
  for (const [c, escaped] of goEscapes) if (out.includes(c)) out = out.replaceAll(c, escaped);
  return out;
}

/**
 * Finds an alert's labels, annotations and generator URL as JSON text inside the delivery's raw body, so the
 * alert row can point there instead of storing a second copy (an Alertmanager body holds each alert's
 * `labels`, `annotations` and `generatorURL` verbatim, keys in the order Go writes them). A span is used only
 * when the body's text at it IS the JSON of the value, so reading it back with JSON.parse gives exactly the
 * value.
 *
 * Two ways. When the source handed over what JSON.parse made of the body (`parsed`: ParsedDelivery.body), one
 * walk of the text notes where its label-set-like objects and the long strings beside them are
 * (json-value-spans.ts): an alert's labels that are one of those objects, frozen since, are at its span, with
 * no search (a 50-alert group's columns in ~77 µs, against ~185 µs for the search below, mostly
 * JSON.stringify). Otherwise, or for a value not found that way, the value's JSON is searched for, as Go and as
 * JSON.stringify write it. Nothing format-specific: a body that does not contain them (PagerDuty, whose fields
 * mendbot builds) just keeps them in the row, and after one miss per column the rest of the delivery is not
 * searched for it, so a 50-alert miss costs one scan, not fifty.
 */
export class BodySpans {
  private from = 0;
  private readonly missed = new Set<Column>();
  private placed: JsonValueSpans | null | undefined;

  constructor(
    private readonly body: string,
    private readonly parsed?: unknown,
  ) {}

  of(a: AlertWrite): AlertSpans {
    const labels = this.placedObject(a.labels) ?? this.find('labels', JSON.stringify(a.labels));
    const annotations = this.placedObject(a.annotations) ?? this.find('annotations', JSON.stringify(a.annotations));
    // The summary is usually one of the annotations: looked for there, without moving on.
    const summary =
      this.placedString(a.summary) ?? this.find('summary', JSON.stringify(a.summary), a.summary, typeof annotations === 'string' ? undefined : annotations[0]);
    const generatorUrl =
      a.generatorUrl === undefined || a.generatorUrl === null
        ? null
        : (this.placedString(a.generatorUrl) ?? this.find('generatorUrl', JSON.stringify(a.generatorUrl), a.generatorUrl));
    return { labels, annotations, generatorUrl, summary };
  }

  /** The span of an object of the parsed body, if `value` is one and still as parsed (frozen); its JSON if short. */
  private placedObject(value: object): string | Span | undefined {
    if (!Object.isFrozen(value)) return undefined;
    const span = this.spans()?.flatObjects.get(value);
    if (!span) return undefined;
    this.from = span[1];
    return span[1] - span[0] < minSpanChars ? JSON.stringify(value) : span;
  }

  /** A place in the body of a string with this value (only strings whose JSON is 24 characters or more are noted). */
  private placedString(value: string): Span | undefined {
    return this.spans()?.strings.get(value);
  }

  /** The parsed body's spans, walked once per delivery; null when there is no parsed body (or the walk failed). */
  private spans(): JsonValueSpans | null {
    if (this.placed === undefined) {
      try {
        this.placed = this.parsed === undefined ? null : jsonValueSpans(this.body, this.parsed);
      } catch {
        this.placed = null; // a parsed value that is not this text's: searched for instead
      }
    }
    return this.placed;
  }

  /** Alerts come in body order: search from the last match first, then from the start (or only from `at`). */
  private find(column: Column, json: string, own: string = json, at?: number): string | Span {
    // A reference is ~15 bytes: shorter values are kept as they are.
    if (this.missed.has(column) || json.length < minSpanChars) return own;
    // As Go writes it first (Alertmanager), then as written by JSON.stringify-like encoders.
    const go = goForm(json);
    for (const text of go === json ? [json] : [go, json]) {
      let found = this.body.indexOf(text, at ?? this.from);
      if (found < 0 && at === undefined && this.from > 0) found = this.body.indexOf(text);
      if (found < 0) continue;
      if (at === undefined) this.from = found + text.length;
      return [found, found + text.length];
    }
    if (at === undefined) this.missed.add(column);
    return own;
  }
}

/** How many of the columns a write stores point into the body (an update writes no generator URL). */
export function spanCount(s: AlertSpans, kind: 'insertAlert' | 'updateAlert'): number {
  const n = (typeof s.labels === 'string' ? 0 : 1) + (typeof s.annotations === 'string' ? 0 : 1);
  // An update writes neither the generator URL nor the summary.
  return kind === 'updateAlert' ? n : n + (Array.isArray(s.generatorUrl) ? 1 : 0) + (typeof s.summary === 'string' ? 0 : 1);
}

export interface AlertColumnValues {
  labels: string | Buffer;
  annotations: string | Buffer;
  generatorUrl: string | Buffer | null;
  summary: string | Buffer;
}

/** The stored values: a span becomes a BLOB `<body id>:<start>:<end>` (ASCII, so the triggers can read the id). */
export function alertColumnValues(s: AlertSpans, bodyId: number | null): AlertColumnValues {
  const ref = (v: string | null | Span) => (v === null || typeof v === 'string' ? v : Buffer.from(`${bodyId}:${v[0]}:${v[1]}`, 'latin1'));
  return { labels: ref(s.labels)!, annotations: ref(s.annotations)!, generatorUrl: ref(s.generatorUrl), summary: ref(s.summary)! };
}

/** The alert's own spans when the delivery has no body to point into (manual resolve writes none). */
export function ownSpans(a: AlertWrite): AlertSpans {
  return { labels: JSON.stringify(a.labels), annotations: JSON.stringify(a.annotations), generatorUrl: a.generatorUrl ?? null, summary: a.summary };
}

/** A stored column back to its JSON text: a reference is read from its body; anything else is the text itself. */
export function columnJson(v: unknown, body: (id: number) => string): string {
  if (!Buffer.isBuffer(v) && !(v instanceof Uint8Array)) return v as string;
  const [id, start, end] = Buffer.from(v).toString('latin1').split(':').map(Number) as [number, number, number];
  return body(id).slice(start, end);
}

/** generator_url or summary as stored: NULL, the text itself (TEXT), or a reference to its JSON string in a body. */
export function textOf(v: unknown, body: (id: number) => string): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : (JSON.parse(columnJson(v, body)) as string);
}
