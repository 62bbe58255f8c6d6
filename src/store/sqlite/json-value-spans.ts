/** Where a value's JSON text is in the body: from its first character to just after its last. */
export type Span = readonly [start: number, end: number];

/** A reference is ~15 bytes: values whose JSON (quotes included) is shorter are kept as they are, not pointed at. */
export const minSpanChars = 24;

/**
 * Where some values of a parsed JSON text are in that text: what an alert row can point at instead of holding a
 * copy (alert-columns.ts), and nothing else, since each value noted costs a lookup and a map entry.
 */
export interface JsonValueSpans {
  /** Each non-empty object whose members are all strings (label sets, annotations), by identity. */
  flatObjects: Map<object, Span>;
  /**
   * Strings whose JSON is at least 24 characters, members of an object that holds other objects (an alert's
   * generator URL beside its labels), by value: any one place holding the value will do.
   */
  strings: Map<string, Span>;
}

/**
 * The places, in `text`, of the values `parsed` is made of (see JsonValueSpans), where `parsed` is what
 * JSON.parse(text) returned (nothing else: the walk trusts the text to be that valid JSON). One pass over the
 * text, skipping from quote to quote, following `parsed` alongside: a member's value is looked up in the parsed
 * object by its key only where it is to be noted or walked into, so a short string costs a skip, not a lookup
 * (~30 µs for a 50-alert Alertmanager body without any lookup, ~70 µs with them).
 *
 * What a span is taken from is the text JSON.parse built the value from: JSON.parse of the text at a span gives
 * the value back, equal, its keys in the same order. Where an object repeats a key, JSON.parse keeps the last
 * value and so does this (a later place overwrites an earlier one, and the walk is in text order).
 */
export function jsonValueSpans(text: string, parsed: unknown): JsonValueSpans {
  const spans: JsonValueSpans = { flatObjects: new Map(), strings: new Map() };
  new Walk(text, spans).value(0, parsed);
  return spans;
}

class Walk {
  constructor(
    private readonly text: string,
    private readonly spans: JsonValueSpans,
  ) {}

  /** Walks the value starting at or after `pos` (whitespace first), following `node`; returns its end. */
  value(pos: number, node: unknown): number {
    const t = this.text;
    const p = this.skipWhitespace(pos);
    const c = t.charCodeAt(p);
    if (c === 0x22 /* " */) return this.stringEnd(p);
    if (c === 0x7b /* { */) return this.object(p, isRecord(node) ? node : undefined);
    if (c === 0x5b /* [ */) {
      const array = Array.isArray(node) ? (node as unknown[]) : undefined;
      let q = this.skipWhitespace(p + 1);
      if (t.charCodeAt(q) !== 0x5d /* ] */) {
        for (let i = 0; ; i++) {
          q = this.skipWhitespace(this.value(q, array?.[i]));
          if (t.charCodeAt(q) !== 0x2c /* , */) break;
          q++;
        }
      }
      return q + 1;
    }
    return this.scalarEnd(p);
  }

  /** Walks the object at `start`; notes it if flat, and its long strings if it is not. */
  private object(start: number, object: Record<string, unknown> | undefined): number {
    const t = this.text;
    let p = this.skipWhitespace(start + 1);
    let flat = true;
    let members = 0;
    // Long string members, noted only if the object turns out to hold objects: [keyStart, keyEnd, start, end].
    let long: number[] | undefined;
    if (t.charCodeAt(p) !== 0x7d /* } */) {
      for (;;) {
        members++;
        const keyStart = p;
        const keyEnd = this.stringEnd(p);
        p = this.skipWhitespace(this.skipWhitespace(keyEnd) + 1); // past the colon
        const v = t.charCodeAt(p);
        if (v === 0x22) {
          const end = this.stringEnd(p);
          if (end - p >= minSpanChars && object) (long ??= []).push(keyStart, keyEnd, p, end);
          p = end;
        } else {
          flat = false;
          p = v === 0x7b || v === 0x5b ? this.value(p, object ? object[this.key(keyStart, keyEnd)] : undefined) : this.scalarEnd(p);
        }
        p = this.skipWhitespace(p);
        if (t.charCodeAt(p) !== 0x2c /* , */) break; // the closing brace
        p = this.skipWhitespace(p + 1);
      }
    }
    if (object && flat && members > 0) this.spans.flatObjects.set(object, [start, p + 1]);
    if (object && !flat && long) {
      for (let i = 0; i < long.length; i += 4) {
        const s = object[this.key(long[i]!, long[i + 1]!)];
        if (typeof s === 'string') this.spans.strings.set(s, [long[i + 2]!, long[i + 3]!]);
      }
    }
    return p + 1;
  }

  /** The index after the closing quote of the string starting at `pos`. */
  private stringEnd(pos: number): number {
    const t = this.text;
    let q = t.indexOf('"', pos + 1);
    for (;;) {
      if (q < 0) throw new Error('unterminated string: not the text the value was parsed from');
      // A quote after an odd number of backslashes is part of the string.
      let backslashes = 0;
      while (t.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) return q + 1;
      q = t.indexOf('"', q + 1);
    }
  }

  /** A member's key as JSON.parse read it: the text itself unless it holds an escape. */
  private key(start: number, end: number): string {
    const raw = this.text.slice(start + 1, end - 1);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(start, end)) as string) : raw;
  }

  /** The end of a number, true, false or null. */
  private scalarEnd(pos: number): number {
    const t = this.text;
    let p = pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || Number.isNaN(c)) return p;
      p++;
    }
  }

  private skipWhitespace(pos: number): number {
    const t = this.text;
    let p = pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return p;
      p++;
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
