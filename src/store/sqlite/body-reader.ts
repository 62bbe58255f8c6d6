/** Stored bodies as alert columns' references read them: the text (for a span), what JSON.parse makes of it (for a pointer). */
export interface BodyReader {
  text(id: number): string;
  value(id: number): unknown;
}

/**
 * A BodyReader over `decode` (a body's text by id) that decodes and parses each body at most once: an incident's
 * alerts mostly refer to one body, four columns each.
 */
export function bodyReader(decode: (id: number) => string): BodyReader {
  const texts = new Map<number, string>();
  const values = new Map<number, unknown>();
  const text = (id: number) => {
    let t = texts.get(id);
    if (t === undefined) texts.set(id, (t = decode(id)));
    return t;
  };
  return {
    text,
    value(id) {
      if (!values.has(id)) values.set(id, JSON.parse(text(id)));
      return values.get(id);
    },
  };
}
