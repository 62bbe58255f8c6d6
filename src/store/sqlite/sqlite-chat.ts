import type Database from 'better-sqlite3';
import type { ChatRef, Silence, Store } from '../store';

type ChatMethods = Pick<Store, 'getChatRef' | 'putChatRef' | 'listSilences' | 'addSilence' | 'expireSilence' | 'acquireJobLease'>;

/** Chat message references, silences and job leases: small tables, plain statements. */
export function createSqliteChat(db: Database.Database): ChatMethods {
  const getRef = db.prepare('SELECT ref FROM chat_refs WHERE key = ?').pluck();
  const putRef = db.prepare('INSERT OR IGNORE INTO chat_refs (key, ref, created_at) VALUES (?, ?, ?)');
  const active = db.prepare('SELECT * FROM silences WHERE starts_at <= ? AND ends_at > ? ORDER BY ends_at');
  const insert = db.prepare(
    'INSERT INTO silences (id, matchers, created_by, reason, starts_at, ends_at) VALUES (@id, @matchers, @createdBy, @reason, @startsAt, @endsAt)',
  );
  const expire = db.prepare('UPDATE silences SET ends_at = ? WHERE id = ? AND ends_at > ?');
  const lease = db.prepare(
    `INSERT INTO job_leases (name, owner, expires_at) VALUES (@name, @owner, @expiresAt)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
     WHERE job_leases.owner = excluded.owner OR job_leases.expires_at <= @now`,
  );
  return {
    async getChatRef(key) {
      const raw = getRef.get(key) as string | undefined;
      return raw ? (JSON.parse(raw) as ChatRef) : null;
    },
    async putChatRef(key, ref) {
      putRef.run(key, JSON.stringify(ref), new Date().toISOString());
      return JSON.parse(getRef.get(key) as string) as ChatRef;
    },
    async listSilences(now) {
      return (active.all(now, now) as Array<Record<string, string>>).map((r) => ({
        id: r.id!,
        matchers: JSON.parse(r.matchers!) as string[],
        createdBy: r.created_by!,
        reason: r.reason!,
        startsAt: r.starts_at!,
        endsAt: r.ends_at!,
      })) satisfies Silence[];
    },
    async addSilence(s) {
      insert.run({ ...s, matchers: JSON.stringify(s.matchers) });
    },
    async expireSilence(id, now) {
      return expire.run(now, id, now).changes > 0;
    },
    async acquireJobLease(name, owner, now, ttlMs) {
      const expiresAt = new Date(Date.parse(now) + ttlMs).toISOString();
      return lease.run({ name, owner, now, expiresAt }).changes > 0;
    },
  };
}
