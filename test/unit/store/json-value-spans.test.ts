import { jsonValueSpans } from '../../../src/store/sqlite/json-value-spans';

/** A small deterministic generator, so a failure names the seed that found it. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pieces = ['a', 'label', 'é', '😀', '"', '\\', '/', '<', '>', '&', '\u2028', '\n', '\t', '\u0001', ' ', '{', '}', '[', ']', ',', ':', 'https://x.example/?q=1&r=2', '0123456789'];

function randomString(next: () => number): string {
  let s = '';
  const n = Math.floor(next() * 12);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(next() * pieces.length)];
  return s;
}

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 3 || r < 0.35) return randomString(next);
  if (r < 0.45) return [1, -2.5e3, true, false, null][Math.floor(next() * 5)];
  if (r < 0.65) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const o: Record<string, unknown> = {};
  const n = Math.floor(next() * 6);
  for (let i = 0; i < n; i++) o[next() < 0.2 ? String(Math.floor(next() * 20)) : randomString(next)] = randomValue(next, depth + 1);
  return o;
}

/** Go's encoding/json escapes these where JSON.stringify does not. */
const goForm = (json: string) => json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Every object inside a parsed value. */
function objects(v: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (typeof v !== 'object' || v === null) return out;
  if (!Array.isArray(v)) out.push(v as Record<string, unknown>);
  for (const child of Object.values(v)) objects(child, out);
  return out;
}

const isFlat = (o: Record<string, unknown>) => Object.keys(o).length > 0 && Object.values(o).every((v) => typeof v === 'string');

describe('where the values of a parsed JSON text are', () => {
  it('notes every flat object, and the longer strings beside objects, at a place whose text parses back to it exactly (random values, three writings)', () => {
    let checked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const value = { alerts: [randomValue(random(seed), 0), randomValue(random(seed + 1000), 0)] };
      for (const text of [JSON.stringify(value), goForm(JSON.stringify(value)) + '\n', JSON.stringify(value, null, 2)]) {
        const parsed = JSON.parse(text) as unknown;
        const spans = jsonValueSpans(text, parsed);
        for (const o of objects(parsed)) {
          const span = spans.flatObjects.get(o);
          if (!isFlat(o)) {
            expect(span).toBeUndefined();
            for (const v of Object.values(o)) {
              if (typeof v !== 'string' || JSON.stringify(v).length < 24) continue;
              const at = spans.strings.get(v);
              expect(at).toBeDefined();
              expect(JSON.parse(text.slice(at![0], at![1]))).toBe(v);
              checked++;
            }
            continue;
          }
          expect(span).toBeDefined();
          // Equal and in the same key order.
          expect(JSON.stringify(JSON.parse(text.slice(span![0], span![1])))).toBe(JSON.stringify(o));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('takes the last of a repeated key, as JSON.parse does', () => {
    const text = '{"k":"an earlier value, long enough","k":"the value JSON.parse keeps, long","o":{"x":"1"},"o":{"y":"2"}}';
    const parsed = JSON.parse(text) as { k: string; o: object };
    const spans = jsonValueSpans(text, parsed);
    const k = spans.strings.get(parsed.k)!;
    expect(text.slice(k[0], k[1])).toBe('"the value JSON.parse keeps, long"');
    const o = spans.flatObjects.get(parsed.o)!;
    expect(text.slice(o[0], o[1])).toBe('{"y":"2"}');
    expect(spans.strings.has('an earlier value, long enough')).toBe(false);
  });

  it('reads escaped keys as JSON.parse does', () => {
    const text = '{"a\\"b\\u0026":{"deep":"value"},"plain":{"x":"y"}}';
    const parsed = JSON.parse(text) as Record<string, object>;
    const span = jsonValueSpans(text, parsed).flatObjects.get(parsed['a"b&']!)!;
    expect(text.slice(span[0], span[1])).toBe('{"deep":"value"}');
  });

  it('refuses a text that is not the one the value was parsed from, rather than loop', () => {
    expect(() => jsonValueSpans('{"a":"never closed', { a: 'x' })).toThrow(/not the text/);
  });
});
