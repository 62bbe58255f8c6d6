/** A flat object of a parsed JSON value (a label set, annotations), where it is, and what holds it. */
export interface PlacedObject {
  /** Its JSON Pointer (RFC 6901). */
  pointer: string;
  /** The object it is a member of, and that object's pointer; none when it is the top or in an array. */
  holder?: { object: Readonly<Record<string, unknown>>; pointer: string };
}

/**
 * Where the flat objects of a parsed JSON text are inside it, as JSON Pointers: what an alert row can point at
 * instead of holding a copy (alert-columns.ts). A flat object is a non-empty one whose members are all strings
 * (label sets, annotations); each is noted by identity, with the object holding it, whose other members (an alert's
 * generator URL beside its labels) are found from there. One walk of the parsed value, not of its text, that does
 * not descend into flat objects: ~11 µs for a 50-alert Alertmanager body, where finding the same values' places
 * in the text took ~55 µs (~95 µs under load).
 *
 * A pointer names a value by the keys and indexes that lead to it, so JSON.parse of the same text, followed along
 * it (valueAtPointer), gives the value back, equal and with its keys in the same order: JSON.parse builds the same
 * objects from the same text every time, a repeated key's last value included.
 */
export function jsonValuePointers(parsed: unknown): Map<object, PlacedObject> {
  const found = new Map<object, PlacedObject>();
  if (typeof parsed === 'object' && parsed !== null) visit(parsed, '', undefined, found);
  return found;
}

function visit(node: object, pointer: string, holder: PlacedObject['holder'], found: Map<object, PlacedObject>): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      if (typeof child === 'object' && child !== null) visit(child, `${pointer}/${i}`, undefined, found);
    }
    return;
  }
  const record = node as Record<string, unknown>;
  let flat = true;
  let empty = true;
  let self: PlacedObject['holder'];
  // for…in, the fastest walk of a parsed object's keys; an enumerable member some library added to Object.prototype
  // would be walked too, but nothing found under it is an alert's own labels, so nothing points there.
  for (const key in record) {
    empty = false;
    const child = record[key];
    if (typeof child === 'string') continue;
    flat = false;
    if (typeof child === 'object' && child !== null) visit(child, `${pointer}/${escapeToken(key)}`, (self ??= { object: record, pointer }), found);
  }
  if (flat && !empty) found.set(node, holder ? { pointer, holder } : { pointer });
}

/** A key as one reference token of a pointer: `~` and `/` escaped as RFC 6901 says. */
export function escapeToken(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replaceAll('~', '~0').replaceAll('/', '~1') : key;
}

/** The pointer of the member of `object` (at `pointer`) whose value is `value`, if one is. */
export function memberPointer(object: Readonly<Record<string, unknown>>, pointer: string, value: string): string | undefined {
  const key = Object.keys(object).find((k) => object[k] === value);
  return key === undefined ? undefined : `${pointer}/${escapeToken(key)}`;
}

/** At least as many characters as the JSON of `object`, whose members are strings (escapes only add). */
export function minJsonChars(object: Readonly<Record<string, string>>): number {
  // {"k":"v","k2":"v2"}: the braces, two quotes and a colon per key, two quotes per value, a comma between.
  let n = 1;
  for (const key of Object.keys(object)) n += 6 + key.length + object[key]!.length;
  return n;
}

/**
 * The value at `pointer` inside `root` (what JSON.parse made of a text). Throws when the pointer does not lead to
 * a value: a stored reference and the stored body it points into no longer agree, which must never pass silently.
 */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let node = root;
  if (pointer === '') return node;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.includes('~') ? raw.replaceAll('~1', '/').replaceAll('~0', '~') : raw;
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, token)) {
      throw new Error(`JSON pointer ${pointer} leads to no value of the stored body`);
    }
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
