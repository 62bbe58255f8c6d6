import { Long } from 'mongodb';
import { applyUpdate, seedFromFilter, structuredCloneDoc } from './apply-update';
import { matchDocument, projectDocument, type Doc } from './match-document';
import { DuplicateKeyError, type MemoryDatabase } from './memory-database';
import { runAggregate } from './run-aggregate';

let connectionIds = 0;

/**
 * Executes one command against the in-memory data. What it does NOT implement, on purpose (so tests
 * cannot claim these guarantees): unique secondary indexes, TTL expiry, transactions, change streams,
 * replica sets, write concern (every write is "acknowledged" in memory).
 */
export function handleCommand(data: MemoryDatabase, cmd: Doc): Doc {
  const name = Object.keys(cmd)[0]!;
  const db = (cmd.$db as string | undefined) ?? 'test';
  const coll = (n: unknown) => data.collection(db, String(n));
  const cursor = (collName: unknown, batch: Doc[]) => ({ cursor: { id: Long.fromNumber(0), ns: `${db}.${String(collName)}`, firstBatch: batch }, ok: 1 });
  switch (name.toLowerCase()) {
    case 'hello':
    case 'ismaster':
      // A standalone. No topologyVersion: the driver then polls instead of streaming awaitable hellos.
      return {
        helloOk: true,
        isWritablePrimary: true,
        ismaster: true,
        maxBsonObjectSize: 16 * 1024 * 1024,
        maxMessageSizeBytes: 48_000_000,
        maxWriteBatchSize: 100_000,
        localTime: new Date(),
        logicalSessionTimeoutMinutes: 30,
        connectionId: ++connectionIds,
        minWireVersion: 0,
        maxWireVersion: 21, // MongoDB 7.0; driver v7 needs >= 9 (MIN_SUPPORTED_WIRE_VERSION)
        readOnly: false,
        ok: 1,
      };
    case 'ping':
    case 'endsessions':
    case 'killcursors':
      return { ok: 1 };
    case 'buildinfo':
      return { version: '7.0.0-mongo-wire', versionArray: [7, 0, 0, 0], maxBsonObjectSize: 16 * 1024 * 1024, ok: 1 };
    case 'insert': {
      const c = coll(cmd.insert);
      const writeErrors: Doc[] = [];
      let n = 0;
      for (const [index, doc] of ((cmd.documents as Doc[]) ?? []).entries()) {
        try {
          data.insert(c, structuredCloneDoc(doc));
          n++;
        } catch (error) {
          writeErrors.push(writeError(index, error));
          if (cmd.ordered !== false) break;
        }
      }
      return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
    }
    case 'find': {
      const c = coll(cmd.find);
      let docs = data.find(c, cmd.filter as Doc, cmd.sort as Doc);
      if (cmd.skip) docs = docs.slice(Number(cmd.skip));
      const limit = Math.abs(Number(cmd.limit ?? 0));
      if (limit > 0) docs = docs.slice(0, limit);
      return cursor(cmd.find, docs.map((d) => projectDocument(d, cmd.projection as Doc)));
    }
    case 'aggregate':
      return cursor(cmd.aggregate, runAggregate([...coll(cmd.aggregate).docs.values()], cmd.pipeline as Doc[]));
    case 'count':
      return { n: data.find(coll(cmd.count), cmd.query as Doc).length, ok: 1 };
    case 'update': {
      const c = coll(cmd.update);
      let n = 0;
      let nModified = 0;
      const upserted: Doc[] = [];
      const writeErrors: Doc[] = [];
      for (const [index, u] of (cmd.updates as Doc[]).entries()) {
        try {
          const hits = data.find(c, u.q as Doc);
          const targets = u.multi ? hits : hits.slice(0, 1);
          for (const before of targets) {
            const after = applyUpdate(before, u.u as Doc, false);
            data.replace(c, before, after);
            n++;
            if (JSON.stringify(after) !== JSON.stringify(before)) nModified++;
          }
          if (targets.length === 0 && u.upsert) {
            const doc = upsertDocument(u.q as Doc, u.u as Doc);
            data.insert(c, doc);
            n++;
            upserted.push({ index, _id: doc._id });
          }
        } catch (error) {
          writeErrors.push(writeError(index, error));
          if (cmd.ordered !== false) break;
        }
      }
      return { n, nModified, ...(upserted.length ? { upserted } : {}), ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
    }
    case 'delete': {
      const c = coll(cmd.delete);
      let n = 0;
      for (const d of cmd.deletes as Doc[]) {
        const hits = data.find(c, d.q as Doc);
        for (const doc of Number(d.limit) === 1 ? hits.slice(0, 1) : hits) {
          data.remove(c, doc);
          n++;
        }
      }
      return { n, ok: 1 };
    }
    case 'findandmodify':
      return findAndModify(data, coll(cmd.findAndModify ?? cmd.findandmodify), cmd);
    case 'createindexes': {
      const c = coll(cmd.createIndexes);
      const before = c.indexes.length;
      for (const spec of cmd.indexes as Doc[]) if (!c.indexes.some((i) => i.name === spec.name)) c.indexes.push({ v: 2, ...spec });
      return { numIndexesBefore: before, numIndexesAfter: c.indexes.length, ok: 1 };
    }
    case 'listindexes':
      return cursor(cmd.listIndexes, data.hasCollection(db, String(cmd.listIndexes)) ? coll(cmd.listIndexes).indexes : []);
    case 'drop':
      data.drop(db, String(cmd.drop));
      return { ok: 1 };
    case 'dropdatabase':
      data.drop(db);
      return { ok: 1 };
    default:
      return { ok: 0, code: 59, codeName: 'CommandNotFound', errmsg: `mongo-wire: no such command: '${name}'` };
  }
}

function findAndModify(data: MemoryDatabase, c: ReturnType<MemoryDatabase['collection']>, cmd: Doc): Doc {
  const before = data.find(c, cmd.query as Doc, cmd.sort as Doc)[0];
  const fields = cmd.fields as Doc | undefined;
  const out = (d: Doc | undefined) => (d ? projectDocument(d, fields) : null);
  try {
    if (cmd.remove) {
      if (before) data.remove(c, before);
      return { lastErrorObject: { n: before ? 1 : 0 }, value: out(before), ok: 1 };
    }
    if (before) {
      const after = applyUpdate(before, cmd.update as Doc, false);
      data.replace(c, before, after);
      return { lastErrorObject: { n: 1, updatedExisting: true }, value: out(cmd.new ? after : before), ok: 1 };
    }
    if (!cmd.upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const doc = upsertDocument(cmd.query as Doc, cmd.update as Doc);
    data.insert(c, doc);
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value: cmd.new ? out(doc) : null, ok: 1 };
  } catch (error) {
    if (error instanceof DuplicateKeyError) return { ok: 0, code: 11000, codeName: 'DuplicateKey', errmsg: error.message };
    throw error;
  }
}

function upsertDocument(filter: Doc, update: Doc): Doc {
  const doc = applyUpdate(seedFromFilter(filter), update, true);
  if (doc._id === undefined) throw new Error('mongo-wire: upsert without _id is not supported (the adapter always keys its documents)');
  if (!matchDocument(doc, { _id: doc._id })) throw new Error('mongo-wire: bad upsert');
  return doc;
}

function writeError(index: number, error: unknown): Doc {
  if (error instanceof DuplicateKeyError) return { index, code: 11000, errmsg: error.message };
  return { index, code: 2, errmsg: error instanceof Error ? error.message : String(error) };
}
