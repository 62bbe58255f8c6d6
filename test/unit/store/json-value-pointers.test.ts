import { escapeToken, jsonValuePointers, memberPointer, minJsonChars, valueAtPointer } from '../../../src/store/sqlite/json-value-pointers';

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

describe('where the flat objects of a parsed JSON text are', () => {
  it('notes every flat object at a pointer that leads to it again in a fresh parse of the text, with the object holding it (random values)', () => {
    let checked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const value = { alerts: [randomValue(random(seed), 0), randomValue(random(seed + 1000), 0)] };
      for (const text of [JSON.stringify(value), goForm(JSON.stringify(value)) + '\n']) {
        const parsed = JSON.parse(text) as unknown;
        const again = JSON.parse(text) as unknown;
        const pointers = jsonValuePointers(parsed);
        for (const o of objects(parsed)) {
          const placed = pointers.get(o);
          if (!isFlat(o)) {
            expect(placed).toBeUndefined();
            continue;
          }
          expect(placed).toBeDefined();
          // Equal and in the same key order, and never longer as JSON than minJsonChars says at least.
          const json = JSON.stringify(valueAtPointer(again, placed!.pointer));
          expect(json).toBe(JSON.stringify(o));
          expect(minJsonChars(o as Record<string, string>)).toBeLessThanOrEqual(json.length);
          // The holder's members are found from there, each at a pointer that leads to it again.
          if (placed!.holder) {
            expect(valueAtPointer(parsed, placed!.holder.pointer)).toBe(placed!.holder.object);
            for (const v of Object.values(placed!.holder.object)) {
              if (typeof v === 'string') expect(valueAtPointer(again, memberPointer(placed!.holder.object, placed!.holder.pointer, v)!)).toBe(v);
            }
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(600);
  });

  it('takes the last of a repeated key, as JSON.parse does', () => {
    const text = '{"k":"an earlier value, long enough","k":"the value JSON.parse keeps, long","o":{"x":"1"},"o":{"y":"2"}}';
    const parsed = JSON.parse(text) as { k: string; o: object };
    const placed = jsonValuePointers(parsed).get(parsed.o)!;
    expect(placed.pointer).toBe('/o');
    expect(valueAtPointer(JSON.parse(text), placed.pointer)).toEqual({ y: '2' });
    expect(memberPointer(placed.holder!.object, placed.holder!.pointer, 'the value JSON.parse keeps, long')).toBe('/k');
    expect(memberPointer(placed.holder!.object, placed.holder!.pointer, 'an earlier value, long enough')).toBeUndefined();
  });

  it('escapes keys holding ~ and / as RFC 6901 says, and follows them back', () => {
    const text = '{"a/b~c":{"deep":"value"},"list":[{"x":"y"}]}';
    const parsed = JSON.parse(text) as Record<string, object> & { list: object[] };
    const pointers = jsonValuePointers(parsed);
    expect(pointers.get(parsed['a/b~c']!)!.pointer).toBe('/a~1b~0c');
    expect(pointers.get(parsed.list[0]!)).toEqual({ pointer: '/list/0' });
    expect(valueAtPointer(JSON.parse(text), '/a~1b~0c')).toEqual({ deep: 'value' });
    expect(escapeToken('~1')).toBe('~01');
  });

  it('refuses a pointer that leads to no value, rather than read something else', () => {
    const body = JSON.parse('{"alerts":[{"labels":{"a":"b"}}]}') as unknown;
    expect(() => valueAtPointer(body, '/alerts/1/labels')).toThrow(/leads to no value/);
    expect(() => valueAtPointer(body, '/alerts/0/labels/a/b')).toThrow(/leads to no value/);
    expect(() => valueAtPointer(body, '/alerts/0/constructor')).toThrow(/leads to no value/);
  });
});
