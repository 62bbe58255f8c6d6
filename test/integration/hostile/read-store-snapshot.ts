import Database from 'better-sqlite3';

/** What "nothing stored or changed" compares: row counts of every table and the small mutable tables in full. */
export interface StoreSnapshot {
  counts: Record<string, number>;
  /** Kill switch / pauses, silences, locks and chat refs: rows a request could update without adding any. */
  mutable: string;
  /** SQLite's own change counter as seen from this connection: it moves when any other connection commits. */
  dataVersion: number;
}

const fullyCompared = ['controls', 'silences', 'locks', 'chat_refs'];

/** A second, read-only connection to the store's file, so the check never goes through the code under test. */
export function readStoreSnapshot(file: string): { read(): StoreSnapshot; close(): void } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map(
    (t) => t.name,
  );
  const countStatements = tables.map((name) => [name, db.prepare(`SELECT count(*) AS n FROM "${name}"`)] as const);
  const fullStatements = fullyCompared.filter((t) => tables.includes(t)).map((t) => db.prepare(`SELECT * FROM "${t}" ORDER BY 1`));
  return {
    read() {
      return db.transaction(() => {
        const counts: Record<string, number> = {};
        for (const [name, statement] of countStatements) counts[name] = (statement.get() as { n: number }).n;
        const mutable = JSON.stringify(fullStatements.map((s) => s.all()));
        const dataVersion = db.pragma('data_version', { simple: true }) as number;
        return { counts, mutable, dataVersion };
      })();
    },
    close: () => db.close(),
  };
}
