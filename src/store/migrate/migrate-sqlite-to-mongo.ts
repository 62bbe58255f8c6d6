import fs from 'node:fs';
import Database from 'better-sqlite3';
import { MongoClient, type AnyBulkWriteOperation } from 'mongodb';
import { ensureMongoIndexes, mongoCollections, type KeyedDoc, type MongoCollections } from '../mongodb/mongo-collections';
import { refuseNewerStore } from '../sqlite/migrations';
import { tableSpecs, type TableSpec } from './sqlite-to-mongo-tables';

export interface MigrateSqliteToMongoOptions {
  /** Path of the SQLite file (e.g. <data dir>/mendbot.db). Opened read-only; never changed. */
  sqliteFile: string;
  mongoUri: string;
  /** Default 'mendbot', as the server's MongoStore. */
  dbName?: string;
  /** Documents per bulk write (default 500). */
  batchSize?: number;
  /** Retention of the TTL indexes created on the target (default 30 days, as the MongoStore's default). */
  retentionDays?: number;
  log: (line: string) => void;
}

export interface MigrationResult {
  /** Per MongoDB collection: rows read from SQLite and, of the `_id`s they map to, how many exist in MongoDB. */
  counts: Record<string, { source: number; target: number }>;
  ok: boolean;
}

/**
 * The main SQLite tables with no MongoDB counterpart, on purpose (see the README section in the report).
 * `bodies` is copied inside the deliveries and alerts that point into it.
 */
const notCopied = new Set(['job_leases', 'schema_migrations', 'bodies']);

/**
 * Copies a SQLite store into MongoDB in the documents the MongoStore itself writes, then verifies.
 *
 * - The SQLite file is opened read-only and read inside one read transaction: a consistent snapshot,
 *   even if a server is still writing to it (stop the server first anyway, or later writes are missed).
 * - Every document is upserted by `_id` (replaceOne, upsert), so re-running converges to the same data
 *   and never duplicates. A re-run OVERWRITES documents the MongoDB side changed since (counters, runs'
 *   `v`): run it before switching the service to MongoDB, not after.
 * - Claim documents are derived: open_incidents per open incident, run_scopes per run, delivery_keys
 *   (state done) per delivery with a dedupe key; incidents get the timelineSeq counter.
 * - Not copied: job_leases (held by the running process, re-taken at once), intake_locks (transient),
 *   schema_migrations.
 */
export async function migrateSqliteToMongo(options: MigrateSqliteToMongoOptions): Promise<MigrationResult> {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  return withBoth(options, async (db, c) => {
    options.log(`creating MongoDB indexes`);
    await ensureMongoIndexes(c, options.retentionDays ?? 30);
    const oldDeliveries = countOlderDeliveries(db, options.retentionDays ?? 30);
    if (oldDeliveries > 0) {
      options.log(
        `note: ${oldDeliveries} delivery record(s) are older than the ${options.retentionDays ?? 30}-day retention; MongoDB's TTL index will delete them (and their dedupe keys) soon after the copy`,
      );
    }
    for (const spec of tableSpecs) {
      let copied = 0;
      let batch: KeyedDoc[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const ops: Array<AnyBulkWriteOperation<KeyedDoc>> = batch.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } }));
        await c[spec.key].bulkWrite(ops, { ordered: false });
        copied += batch.length;
        batch = [];
      };
      for (const doc of readDocs(db, spec)) {
        batch.push(doc);
        if (batch.length >= batchSize) await flush();
      }
      await flush();
      options.log(`copied ${spec.collection}: ${copied}`);
    }
    return verify(db, c, options.log);
  });
}

/**
 * Re-reads the SQLite file and counts, per collection, how many of the `_id`s its rows map to exist in
 * MongoDB. ok=false (with each mismatch logged) when any is missing. Extra documents in MongoDB (written
 * there after the copy) are not counted: the check is "everything in SQLite arrived".
 */
export async function verifySqliteToMongo(options: Omit<MigrateSqliteToMongoOptions, 'batchSize' | 'retentionDays'>): Promise<MigrationResult> {
  return withBoth(options, (db, c) => verify(db, c, options.log));
}

async function verify(db: Database.Database, c: MongoCollections, log: (line: string) => void): Promise<MigrationResult> {
  const counts: MigrationResult['counts'] = {};
  const mismatches: string[] = [];
  for (const spec of tableSpecs) {
    let source = 0;
    let target = 0;
    let ids: string[] = [];
    const count = async () => {
      if (ids.length === 0) return;
      target += await c[spec.key].countDocuments({ _id: { $in: ids } });
      ids = [];
    };
    for (const doc of readDocs(db, spec)) {
      source++;
      ids.push(doc._id);
      if (ids.length >= 1000) await count();
    }
    await count();
    const prev = counts[spec.collection];
    counts[spec.collection] = prev ? { source: prev.source + source, target: prev.target + target } : { source, target };
    if (source !== target) mismatches.push(`${spec.collection}: ${source} in SQLite, ${target} of them in MongoDB`);
  }
  for (const m of mismatches) log(`MISMATCH ${m}`);
  log(mismatches.length === 0 ? 'verified: every SQLite row has its MongoDB document' : `verification FAILED: ${mismatches.length} collection(s) differ`);
  return { counts, ok: mismatches.length === 0 };
}

/** Formats the counts as an aligned table (collection, source, target, status). */
export function formatCounts(counts: MigrationResult['counts']): string[] {
  const rows = Object.entries(counts).map(([name, { source, target }]) => [name, String(source), String(target), source === target ? 'ok' : 'MISMATCH']);
  const all = [['collection', 'sqlite', 'mongodb', ''], ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padStart(widths[1]!)}  ${r[2]!.padStart(widths[2]!)}  ${r[3]}`.trimEnd());
}

async function withBoth<T>(
  options: { sqliteFile: string; mongoUri: string; dbName?: string; log: (line: string) => void },
  fn: (db: Database.Database, c: MongoCollections) => Promise<T>,
): Promise<T> {
  if (!fs.existsSync(options.sqliteFile)) throw new Error(`no SQLite store at ${options.sqliteFile}`);
  const db = new Database(options.sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const tables = listTables(db);
    if (!tables.has('incidents')) throw new Error(`${options.sqliteFile} is not a mendbot SQLite store (no incidents table)`);
    // Before MongoDB is touched: rows this version cannot read must not be copied as if it could.
    refuseNewerStore(db);
    for (const t of tables) if (!notCopied.has(t) && !tableSpecs.some((s) => s.tables.includes(t))) options.log(`warning: table ${t} is not copied (unknown to this migration)`);
    const client = new MongoClient(options.mongoUri, { writeConcern: { w: 'majority' }, retryWrites: true, retryReads: true });
    try {
      await client.connect();
      const c = mongoCollections(client.db(options.dbName ?? 'mendbot'));
      // One read transaction: every table is read from the same snapshot of the file.
      db.exec('BEGIN');
      try {
        return await fn(db, c);
      } finally {
        db.exec('COMMIT');
      }
    } finally {
      await client.close();
    }
  } finally {
    db.close();
  }
}

function listTables(db: Database.Database): Set<string> {
  return new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[]));
}

/** The spec's documents, streamed; nothing if its table does not exist (a store from an older schema). */
function* readDocs(db: Database.Database, spec: TableSpec): Generator<KeyedDoc> {
  const tables = listTables(db);
  if (!spec.tables.every((t) => tables.has(t))) return;
  const columns = (table: string) =>
    tables.has(table) ? new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[])) : new Set<string>();
  const stmt = db.prepare(spec.sql(columns));
  for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) yield spec.toDoc(row);
}

function countOlderDeliveries(db: Database.Database, retentionDays: number): number {
  if (!listTables(db).has('deliveries')) return 0;
  const cutoff = new Date(Date.now() - retentionDays * 86_400_000).toISOString();
  return db.prepare('SELECT COUNT(*) FROM deliveries WHERE received_at < ?').pluck().get(cutoff) as number;
}
