import { compareValues, type Doc } from './match-document';

/**
 * Applies an update document ($set, $unset, $inc, $max, $setOnInsert, $push, or a replacement) to a copy of
 * `doc`, never in place: the store treats stored documents as immutable so a failed write changes nothing.
 */
export function applyUpdate(doc: Doc, update: Doc, inserting: boolean): Doc {
  const out = structuredCloneDoc(doc);
  const ops = Object.keys(update);
  if (ops.length > 0 && !ops.every((k) => k.startsWith('$'))) {
    return { ...structuredCloneDoc(update), _id: doc._id };
  }
  for (const [op, fields] of Object.entries(update)) {
    for (const [path, value] of Object.entries(fields as Doc)) {
      switch (op) {
        case '$set':
          setPath(out, path, value);
          break;
        case '$setOnInsert':
          if (inserting) setPath(out, path, value);
          break;
        case '$unset':
          unsetPath(out, path);
          break;
        case '$inc': {
          const cur = getOwn(out, path);
          if (cur !== undefined && cur !== null && typeof cur !== 'number') throw new Error(`mongo-wire: $inc on non-number ${path}`);
          setPath(out, path, ((cur as number | undefined) ?? 0) + Number(value));
          break;
        }
        case '$max': {
          // As the server: set when the field is missing or holds less, in BSON order.
          const cur = getOwn(out, path);
          if (cur === undefined || compareValues(value, cur) > 0) setPath(out, path, value);
          break;
        }
        case '$push': {
          const cur = getOwn(out, path);
          setPath(out, path, [...((cur as unknown[] | undefined) ?? []), value]);
          break;
        }
        default:
          throw new Error(`mongo-wire: unsupported update operator ${op}`);
      }
    }
  }
  return out;
}

/** The document an upsert starts from: the filter's plain equality fields (as a real server seeds it). */
export function seedFromFilter(filter: Doc): Doc {
  const seed: Doc = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k.startsWith('$')) continue;
    const isOp = v !== null && typeof v === 'object' && !(v instanceof Date) && Object.keys(v as Doc).some((x) => x.startsWith('$'));
    if (!isOp) setPath(seed, k, v);
    else if ((v as Doc).$eq !== undefined) setPath(seed, k, (v as Doc).$eq);
  }
  return seed;
}

function getOwn(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const p of path.split('.')) cur = cur === null || typeof cur !== 'object' ? undefined : (cur as Doc)[p];
  return cur;
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Doc;
  }
  cur[parts.at(-1)!] = value;
}

function unsetPath(doc: Doc, path: string): void {
  const parts = path.split('.');
  let cur: unknown = doc;
  for (const p of parts.slice(0, -1)) cur = cur === null || typeof cur !== 'object' ? undefined : (cur as Doc)[p];
  if (cur !== null && typeof cur === 'object') delete (cur as Doc)[parts.at(-1)!];
}

/** Deep copy that keeps Dates (JSON would not) and BSON values by reference (they are immutable). */
export function structuredCloneDoc<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => structuredCloneDoc(v)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Doc = {};
  for (const [k, v] of Object.entries(value as Doc)) out[k] = structuredCloneDoc(v);
  return out as T;
}
