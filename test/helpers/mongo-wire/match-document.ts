/**
 * The subset of MongoDB query semantics the MongoStore uses, so the in-process wire server answers the
 * adapter's queries the way a real server would: equality (null also matches a missing field), $eq/$ne,
 * $in/$nin, $lt/$lte/$gt/$gte, $exists, $and/$or, dotted paths. Anything else throws, loudly, rather than
 * silently matching wrong.
 */
export type Doc = Record<string, unknown>;

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Doc)[part];
  }
  return cur;
}

/** BSON-ish type order for comparisons and sorts: missing/null < numbers < strings < objects < booleans < dates. */
function rank(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' || typeof v === 'bigint') return 1;
  if (typeof v === 'string') return 2;
  if (v instanceof Date) return 5;
  if (typeof v === 'boolean') return 4;
  return 3;
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (ra === 1) return Number(a) - Number(b);
  if (ra === 2) return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (ra === 4) return Number(a) - Number(b);
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

function valuesEqual(a: unknown, b: unknown): boolean {
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  return rank(a) === rank(b) && compareValues(a, b) === 0;
}

function isOperatorObject(v: unknown): v is Doc {
  return v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) && Object.keys(v).some((k) => k.startsWith('$'));
}

/** Comparison operators only apply between values of the same type class (as on a real server). */
function comparable(a: unknown, b: unknown): boolean {
  return a !== undefined && a !== null && rank(a) === rank(b);
}

function matchOperator(value: unknown, op: string, arg: unknown): boolean {
  const candidates = Array.isArray(value) ? [value, ...value] : [value];
  const any = (pred: (v: unknown) => boolean) => candidates.some(pred);
  switch (op) {
    case '$eq':
      return any((v) => valuesEqual(v, arg));
    case '$ne':
      return !any((v) => valuesEqual(v, arg));
    case '$in':
      return (arg as unknown[]).some((a) => any((v) => valuesEqual(v, a)));
    case '$nin':
      return !(arg as unknown[]).some((a) => any((v) => valuesEqual(v, a)));
    case '$lt':
      return any((v) => comparable(v, arg) && compareValues(v, arg) < 0);
    case '$lte':
      return any((v) => comparable(v, arg) && compareValues(v, arg) <= 0);
    case '$gt':
      return any((v) => comparable(v, arg) && compareValues(v, arg) > 0);
    case '$gte':
      return any((v) => comparable(v, arg) && compareValues(v, arg) >= 0);
    case '$exists':
      return (value !== undefined) === Boolean(arg);
    default:
      throw new Error(`mongo-wire: unsupported query operator ${op}`);
  }
}

export function matchDocument(doc: Doc, filter: Doc | undefined): boolean {
  if (!filter) return true;
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and') {
      if (!(cond as Doc[]).every((f) => matchDocument(doc, f))) return false;
      continue;
    }
    if (key === '$or') {
      if (!(cond as Doc[]).some((f) => matchDocument(doc, f))) return false;
      continue;
    }
    if (key.startsWith('$')) throw new Error(`mongo-wire: unsupported top-level operator ${key}`);
    const value = getPath(doc, key);
    if (isOperatorObject(cond)) {
      for (const [op, arg] of Object.entries(cond)) if (!matchOperator(value, op, arg)) return false;
    } else if (!matchOperator(value, '$eq', cond)) {
      return false;
    }
  }
  return true;
}

export function sortDocuments(docs: Doc[], sort: Doc | undefined): Doc[] {
  if (!sort || Object.keys(sort).length === 0) return docs;
  const keys = Object.entries(sort);
  return [...docs].sort((a, b) => {
    for (const [k, dir] of keys) {
      const c = compareValues(getPath(a, k), getPath(b, k));
      if (c !== 0) return Number(dir) < 0 ? -c : c;
    }
    return 0;
  });
}

/** Inclusion or exclusion projection of top-level fields (what the adapter uses). */
export function projectDocument(doc: Doc, projection: Doc | undefined): Doc {
  if (!projection || Object.keys(projection).length === 0) return doc;
  const entries = Object.entries(projection);
  // As the server: any truthy field but _id makes it an inclusion, and so does `{ _id: 1 }` alone (only the id).
  const including = entries.some(([k, v]) => k !== '_id' && Boolean(v)) || (entries.length === 1 && Boolean(projection._id));
  if (including) {
    const out: Doc = {};
    if (projection._id === undefined || Boolean(projection._id)) out._id = doc._id;
    for (const [k, v] of entries) if (k !== '_id' && Boolean(v) && doc[k] !== undefined) out[k] = doc[k];
    return out;
  }
  const out: Doc = { ...doc };
  for (const [k] of entries) delete out[k];
  return out;
}
