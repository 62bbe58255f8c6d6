import { matchDocument, sortDocuments, type Doc } from './match-document';

export interface Collection {
  /** Keyed by a canonical form of `_id`: the only uniqueness this server enforces. */
  docs: Map<string, Doc>;
  /** createIndexes specs, recorded so listIndexes answers; secondary unique/TTL options are NOT enforced. */
  indexes: Doc[];
}

/** Thrown for a second document with the same `_id`; the server turns it into error code 11000. */
export class DuplicateKeyError extends Error {
  readonly code = 11000;
}

function idKey(id: unknown): string {
  if (typeof id === 'string') return `s:${id}`;
  if (typeof id === 'number') return `n:${id}`;
  if (id instanceof Date) return `d:${id.getTime()}`;
  if (id !== null && typeof id === 'object' && 'toHexString' in id) return `o:${(id as { toHexString(): string }).toHexString()}`;
  return `j:${JSON.stringify(id)}`;
}

/**
 * In-memory databases → collections → documents. It outlives a server instance, so a test can stop the
 * server and start a new one on the same port with the data intact (a MongoDB restart).
 */
export class MemoryDatabase {
  private readonly collections = new Map<string, Collection>();

  collection(db: string, name: string): Collection {
    const ns = `${db}.${name}`;
    let c = this.collections.get(ns);
    if (!c) {
      c = { docs: new Map(), indexes: [{ v: 2, key: { _id: 1 }, name: '_id_' }] };
      this.collections.set(ns, c);
    }
    return c;
  }

  hasCollection(db: string, name: string): boolean {
    return this.collections.has(`${db}.${name}`);
  }

  drop(db: string, name?: string): void {
    for (const ns of [...this.collections.keys()]) {
      if (name === undefined ? ns.startsWith(`${db}.`) : ns === `${db}.${name}`) this.collections.delete(ns);
    }
  }

  find(c: Collection, filter: Doc | undefined, sort?: Doc): Doc[] {
    const hits = [...c.docs.values()].filter((d) => matchDocument(d, filter));
    return sortDocuments(hits, sort);
  }

  insert(c: Collection, doc: Doc): void {
    const key = idKey(doc._id);
    if (c.docs.has(key)) throw new DuplicateKeyError(`E11000 duplicate key error collection index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }`);
    c.docs.set(key, doc);
  }

  replace(c: Collection, before: Doc, after: Doc): void {
    if (idKey(before._id) !== idKey(after._id)) throw new Error('mongo-wire: _id is immutable');
    c.docs.set(idKey(after._id), after);
  }

  remove(c: Collection, doc: Doc): void {
    c.docs.delete(idKey(doc._id));
  }
}
