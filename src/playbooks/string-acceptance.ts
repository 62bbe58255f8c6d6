import { z } from 'zod';

/**
 * What a zod schema expects at a place in the input, for judging `{{ }}` templates before they are
 * rendered: does the schema take a string there (or coerce one), and if not, what does it want instead.
 */
export type StringAcceptance = { accepts: true } | { accepts: false; expected: string };

/** The schema for the value at `path` below `schema` (object keys, array items, record values), or undefined. */
export function schemaAtPath(schema: z.ZodType, path: ReadonlyArray<string | number>): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    if (current === undefined) return undefined;
    current = childSchema(unwrap(current), segment);
  }
  return current;
}

/** Whether some string passes `schema`'s type (its content is unknown until rendering). */
export function stringAcceptance(schema: z.ZodType): StringAcceptance {
  const s = unwrap(schema);
  if (s instanceof z.ZodString || s instanceof z.ZodStringFormat) return { accepts: true };
  if (s instanceof z.ZodNumber || s instanceof z.ZodBoolean || s instanceof z.ZodBigInt || s instanceof z.ZodDate) {
    return s.def.coerce === true ? { accepts: true } : { accepts: false, expected: expectedName(s) };
  }
  if (s instanceof z.ZodEnum) return Object.values(s.enum).some((v) => typeof v === 'string') ? { accepts: true } : { accepts: false, expected: 'a number' };
  if (s instanceof z.ZodLiteral) return s.values.has(undefined) || [...s.values].some((v) => typeof v === 'string') ? { accepts: true } : { accepts: false, expected: 'a literal' };
  if (s instanceof z.ZodUnion) {
    const options = (s.options as z.ZodType[]).map(stringAcceptance);
    if (options.some((o) => o.accepts)) return { accepts: true };
    return { accepts: false, expected: [...new Set(options.map((o) => (o.accepts ? '' : o.expected)))].join(' or ') };
  }
  if (s instanceof z.ZodIntersection) {
    const [l, r] = [stringAcceptance(s.def.left as z.ZodType), stringAcceptance(s.def.right as z.ZodType)];
    return !l.accepts ? l : r;
  }
  if (s instanceof z.ZodObject || s instanceof z.ZodRecord || s instanceof z.ZodMap) return { accepts: false, expected: 'a mapping (key: value)' };
  if (s instanceof z.ZodArray || s instanceof z.ZodTuple || s instanceof z.ZodSet) return { accepts: false, expected: 'a list' };
  if (s instanceof z.ZodNull || s instanceof z.ZodUndefined || s instanceof z.ZodVoid || s instanceof z.ZodNever) {
    return { accepts: false, expected: 'nothing' };
  }
  // unknown, any, custom checks, transforms: a string may well be what they want
  return { accepts: true };
}

function expectedName(s: z.ZodType): string {
  if (s instanceof z.ZodNumber || s instanceof z.ZodBigInt) return 'a number';
  if (s instanceof z.ZodBoolean) return 'true or false';
  return 'a date';
}

function childSchema(s: z.ZodType, segment: string | number): z.ZodType | undefined {
  if (s instanceof z.ZodObject) {
    const shape = s.shape as Record<string, z.ZodType>;
    if (Object.hasOwn(shape, String(segment))) return shape[String(segment)];
    const catchall = s.def.catchall as z.ZodType | undefined;
    return catchall instanceof z.ZodNever ? undefined : catchall;
  }
  if (s instanceof z.ZodArray) return s.element as z.ZodType;
  if (s instanceof z.ZodRecord) return s.valueType as z.ZodType;
  if (s instanceof z.ZodTuple && typeof segment === 'number') return (s.def.items[segment] ?? s.def.rest ?? undefined) as z.ZodType | undefined;
  if (s instanceof z.ZodUnion) {
    // The first option that has this child; unions of objects in action inputs share their field types.
    for (const option of s.options as z.ZodType[]) {
      const child = childSchema(unwrap(option), segment);
      if (child !== undefined) return child;
    }
  }
  if (s instanceof z.ZodIntersection) return childSchema(unwrap(s.def.left as z.ZodType), segment) ?? childSchema(unwrap(s.def.right as z.ZodType), segment);
  return undefined;
}

/** Looks through wrappers that do not change which types are accepted; a pipe is judged by its input side. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 64; i++) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodReadonly || s instanceof z.ZodCatch || s instanceof z.ZodNonOptional) s = s.def.innerType as z.ZodType;
    else if (s instanceof z.ZodLazy) s = s.def.getter() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
  return s;
}
