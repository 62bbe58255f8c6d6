import type { AlertWrite } from '../../core/incidents/delivery-change';
import type { BodyReader } from './body-reader';
import { jsonValuePointers, memberPointer, minJsonChars, valueAtPointer, type PlacedObject } from './json-value-pointers';

type Column = 'labels' | 'annotations' | 'generatorUrl' | 'summary';

/** Where a value's JSON text is in the body: from its first character to just after its last. */
export type Span = readonly [start: number, end: number];

/** A value of what JSON.parse made of the body, named by its JSON Pointer (json-value-pointers.ts). */
export interface Pointer {
  pointer: string;
}

/** A place in the body a column can refer to instead of holding the value. */
type Place = Span | Pointer;

/** What an alert's four body-derived columns hold before the body id is known: each a place in the body or its own text. */
export interface AlertSpans {
  labels: string | Place;
  annotations: string | Place;
  /** null: no generator URL; a string: the URL itself. */
  generatorUrl: string | null | Place;
  /** A string: the summary itself. */
  summary: string | Place;
}

/** A span's reference is ~15 bytes: values whose JSON (quotes included) is shorter are kept as they are. */
const minSpanChars = 24;
/** What a pointer reference adds to its pointer: the body id (8 digits covers 100 million bodies) and a colon. */
const pointerOverhead = 9;

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
 * Finds an alert's labels, annotations, generator URL and summary inside the delivery's raw body, so the alert row
 * can refer to them there instead of storing a second copy (an Alertmanager body holds each alert's `labels`,
 * `annotations` and `generatorURL` verbatim). A reference is used only when reading it back gives exactly the value.
 *
 * Two ways. When the source handed over what JSON.parse made of the body (`parsed`: ParsedDelivery.body), one
 * walk of that parsed value notes where its label-set-like objects are, as JSON Pointers, with the object holding
 * each (json-value-pointers.ts): an alert's labels that are one of those objects, frozen since, are at its pointer,
 * its generator URL beside them and its summary among its annotations or labels, with no search (a 50-alert
 * group's walk ~19 µs under load, against ~95 µs for the walk of the text that found spans before it, and ~185 µs
 * for the search below, mostly JSON.stringify). Reading a pointer back parses the body and follows it; one that
 * would take more room than its value is not made. Otherwise, or for an object not found that way, its JSON is searched for
 * in the text, as Go and as JSON.stringify write it, and referred to as a span. Nothing format-specific: a body
 * that does not contain them (PagerDuty, whose fields mendbot builds) just keeps them in the row, and after one
 * miss per column the rest of the delivery is not searched for it, so a 50-alert miss costs one scan, not fifty.
 */
export class BodySpans {
  private from = 0;
  private readonly missed = new Set<Column>();
  private placed: Map<object, PlacedObject> | null | undefined;

  constructor(
    private readonly body: string,
    private readonly parsed?: unknown,
  ) {}

  of(a: AlertWrite): AlertSpans {
    const placedLabels = this.placedObject(a.labels);
    const placedAnnotations = this.placedObject(a.annotations);
    const labels = placedLabels ? this.pointerOr(placedLabels.pointer, a.labels) : this.find('labels', JSON.stringify(a.labels));
    const annotations = placedAnnotations ? this.pointerOr(placedAnnotations.pointer, a.annotations) : this.find('annotations', JSON.stringify(a.annotations));
    // Where the parsed body holds the labels, the generator URL is looked for beside them, and the summary among
    // the annotations and the labels (it is one of them, or the fingerprint); otherwise searched for, the summary
    // inside the annotations' span, without moving on.
    const summary = placedAnnotations || placedLabels
      ? this.member(a.summary, placedAnnotations, a.annotations) ?? this.member(a.summary, placedLabels, a.labels) ?? a.summary
      : this.find('summary', JSON.stringify(a.summary), a.summary, isSpan(annotations) ? annotations[0] : undefined);
    const url = a.generatorUrl;
    const generatorUrl =
      url === undefined || url === null
        ? null
        : placedLabels?.holder
          ? this.member(url, placedLabels.holder, placedLabels.holder.object) ?? url
          : this.find('generatorUrl', JSON.stringify(url), url);
    return { labels, annotations, generatorUrl, summary };
  }

  /** Where an object of the parsed body is, if `value` is one and still as parsed (frozen). */
  private placedObject(value: object): PlacedObject | undefined {
    if (!Object.isFrozen(value)) return undefined;
    this.placed ??= this.parsed === undefined ? null : jsonValuePointers(this.parsed);
    return this.placed?.get(value);
  }

  /** A pointer to `object`, or its JSON where the reference would be longer. */
  private pointerOr(pointer: string, object: Readonly<Record<string, string>>): string | Pointer {
    return minJsonChars(object) < pointer.length + pointerOverhead ? JSON.stringify(object) : { pointer };
  }

  /** A pointer to the member of `object` (at `at`) whose value is `value`, where that is shorter than the value. */
  private member(value: string, at: { pointer: string } | undefined, object: Readonly<Record<string, unknown>>): Pointer | undefined {
    // A member's pointer is its holder's, a slash and at least one character: a value shorter than that reference
    // is kept as it is without looking for it (most summaries).
    if (at === undefined || value.length + 2 < at.pointer.length + 2 + pointerOverhead) return undefined;
    const pointer = memberPointer(object, at.pointer, value);
    return pointer === undefined || value.length + 2 < pointer.length + pointerOverhead ? undefined : { pointer };
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

function isSpan(v: string | null | Place): v is Span {
  return Array.isArray(v);
}

/** How many of the columns a write stores point into the body (an update writes no generator URL). */
export function spanCount(s: AlertSpans, kind: 'insertAlert' | 'updateAlert'): number {
  const n = (typeof s.labels === 'string' ? 0 : 1) + (typeof s.annotations === 'string' ? 0 : 1);
  // An update writes neither the generator URL nor the summary.
  if (kind === 'updateAlert') return n;
  return n + (s.generatorUrl === null || typeof s.generatorUrl === 'string' ? 0 : 1) + (typeof s.summary === 'string' ? 0 : 1);
}

export interface AlertColumnValues {
  labels: string | Buffer;
  annotations: string | Buffer;
  generatorUrl: string | Buffer | null;
  summary: string | Buffer;
}

/**
 * The stored values: a place becomes a BLOB, `<body id>:<start>:<end>` for a span of the text, `<body id>:<pointer>`
 * for a pointer (which starts with `/`). UTF-8, the id in ASCII digits first, so the triggers can read it.
 */
export function alertColumnValues(s: AlertSpans, bodyId: number | null): AlertColumnValues {
  const ref = (v: string | null | Place) => {
    if (v === null || typeof v === 'string') return v;
    return isSpan(v) ? Buffer.from(`${bodyId}:${v[0]}:${v[1]}`, 'latin1') : Buffer.from(`${bodyId}:${v.pointer}`, 'utf8');
  };
  return { labels: ref(s.labels)!, annotations: ref(s.annotations)!, generatorUrl: ref(s.generatorUrl), summary: ref(s.summary)! };
}

/** The alert's own spans when the delivery has no body to point into (manual resolve writes none). */
export function ownSpans(a: AlertWrite): AlertSpans {
  return { labels: JSON.stringify(a.labels), annotations: JSON.stringify(a.annotations), generatorUrl: a.generatorUrl ?? null, summary: a.summary };
}

/** A stored column's value: the text itself (TEXT), or what a reference (BLOB) refers to, read from its body. */
function referred(v: unknown, body: BodyReader): { text: string } | { value: unknown } {
  if (!Buffer.isBuffer(v) && !(v instanceof Uint8Array)) return { text: v as string };
  const ref = Buffer.from(v).toString('utf8');
  const colon = ref.indexOf(':');
  const id = Number(ref.slice(0, colon));
  if (ref.charCodeAt(colon + 1) === 0x2f /* / */) return { value: valueAtPointer(body.value(id), ref.slice(colon + 1)) };
  const [start, end] = ref.slice(colon + 1).split(':').map(Number) as [number, number];
  return { text: body.text(id).slice(start, end) };
}

/** A stored column back to its JSON text: a reference is read from its body; anything else is the text itself. */
export function columnJson(v: unknown, body: BodyReader): string {
  const r = referred(v, body);
  return 'text' in r ? r.text : JSON.stringify(r.value);
}

/**
 * A stored JSON column's value. One a pointer refers to is handed out as the body's parse holds it, not copied:
 * that parse is the reader's own (one per read) and no two alerts point at the same value of it.
 */
export function columnValue(v: unknown, body: BodyReader): unknown {
  const r = referred(v, body);
  return 'text' in r ? JSON.parse(r.text) : r.value;
}

/** generator_url or summary as stored: NULL, the text itself (TEXT), or a reference to its JSON string in a body. */
export function textOf(v: unknown, body: BodyReader): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  const value = columnValue(v, body);
  if (typeof value !== 'string') throw new Error('a stored text column refers to a value of its body that is not a string');
  return value;
}
