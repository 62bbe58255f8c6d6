import type Database from 'better-sqlite3';
import { inflateWithDictionary } from './dictionary-deflate';
import { bodyEncoding, bodyHash, storedBodyForm, type EncodedBody } from './body-encoding';

const bodyDictionaries = new Map([[bodyEncoding.dictionaryVersion, bodyEncoding.dictionary]]);

/** A stored body back to its text. */
export function bodyText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  return inflateWithDictionary(raw, bodyDictionaries, 'body');
}

/**
 * The `bodies` table (migration 12): each distinct raw body once. The 48-bit hash only finds candidates;
 * a body is reused only when its text is the same, so two bodies with one hash simply get two rows.
 */
export function prepareBodies(db: Database.Database) {
  const byHash = db.prepare('SELECT id, raw FROM bodies WHERE hash = ?');
  const insert = db.prepare('INSERT INTO bodies (hash, refs, raw) VALUES (?, ?, ?)');
  const addRefs = db.prepare('UPDATE bodies SET refs = refs + ? WHERE id = ?');
  const rawById = db.prepare('SELECT raw FROM bodies WHERE id = ?').pluck();
  return {
    /**
     * The id of the body holding `text`, with `refs` more references counted: one statement to find it and
     * one to count, or one insert. A re-sent body is inflated to be compared; without `encoded` (the text's hash
     * and stored form made beforehand, start-body-encoder.ts) it is not deflated again either.
     */
    keep(text: string, refs: number, encoded?: EncodedBody): number {
      const hash = encoded?.hash ?? bodyHash(text);
      for (const row of byHash.all(hash) as Array<{ id: number; raw: unknown }>) {
        if (bodyText(row.raw) !== text) continue;
        addRefs.run(refs, row.id);
        return row.id;
      }
      return Number(insert.run(hash, refs, encoded?.stored ?? storedBodyForm(text)).lastInsertRowid);
    },
    /** A reader of body texts that decodes each body once (an incident's alerts mostly share one). */
    reader(): (id: number) => string {
      const seen = new Map<number, string>();
      return (id) => {
        let text = seen.get(id);
        if (text === undefined) {
          const raw = rawById.get(id);
          if (raw === undefined) throw new Error(`stored body ${id} is missing`);
          text = bodyText(raw);
          seen.set(id, text);
        }
        return text;
      };
    },
  };
}

export type SqliteBodies = ReturnType<typeof prepareBodies>;
