import type Database from 'better-sqlite3';
import { inflateWithDictionary } from './dictionary-deflate';
import { bodyReader, type BodyReader } from './body-reader';
import { bodyEncoding, bodyHash, storedBodyForm, type EncodedBody } from './body-encoding';
import { RecentBodyIds } from './recent-body-ids';

const bodyDictionaries = new Map([[bodyEncoding.dictionaryVersion, bodyEncoding.dictionary]]);

/** A stored body back to its text. */
export function bodyText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  return inflateWithDictionary(raw, bodyDictionaries, 'body');
}

/** How many bodies, the latest stored, a store remembers by hash to find a re-sent one (see prepareBodies). */
const RECENT_BODIES = 65_536;

/**
 * The `bodies` table (migration 12): each distinct raw body once, as long as it is re-sent while still among
 * the latest `recentLimit` bodies stored (or the latest thousand when the store opened). Those are found by the
 * 48-bit hash of their text, kept in memory here (migration 15 dropped the table's hash index: each new body
 * wrote a leaf of it at a random place, a WAL frame per delivery — a sixth of a single alert's), and then
 * compared in full, so two bodies with one hash simply get two rows. A body re-sent later is stored again: a
 * second copy, never a wrong one. What Alertmanager re-sends — a retried notification, the same group from its
 * HA peer — comes within seconds; 65,536 bodies are minutes of a storm at thousands of deliveries a second.
 */
export function prepareBodies(db: Database.Database, recentLimit = RECENT_BODIES) {
  const insert = db.prepare('INSERT INTO bodies (hash, refs, raw) VALUES (?, ?, ?)');
  const addRefs = db.prepare('UPDATE bodies SET refs = refs + ? WHERE id = ?');
  const rawById = db.prepare('SELECT raw FROM bodies WHERE id = ?').pluck();
  const latest = db.prepare('SELECT id, hash FROM bodies ORDER BY id DESC LIMIT ?');
  // Read at the first write, not when a reader opens.
  let recent: RecentBodyIds | undefined;
  const recentBodies = () => {
    if (recent) return recent;
    recent = new RecentBodyIds(recentLimit);
    const rows = latest.all(Math.min(recentLimit, 1000)) as Array<{ id: number; hash: number }>;
    for (const row of rows.reverse()) recent.remember(row.hash, row.id);
    return recent;
  };
  return {
    /**
     * The id of the body holding `text`, with `refs` more references counted: one statement to find it and
     * one to count, or one insert. A re-sent body is inflated to be compared; without `encoded` (the text's hash
     * and stored form made beforehand, start-body-encoder.ts) it is not deflated again either. The id remembered
     * may be of a body retention deleted or of a transaction rolled back (its id then maybe another body's):
     * reading the row back and comparing the text is what makes it the same body.
     */
    keep(text: string, refs: number, encoded?: EncodedBody): number {
      const hash = encoded?.hash ?? bodyHash(text);
      const latestIds = recentBodies();
      const known = latestIds.get(hash);
      if (known !== undefined) {
        const raw = rawById.get(known);
        if (raw !== undefined && bodyText(raw) === text) {
          addRefs.run(refs, known);
          return known;
        }
      }
      const id = Number(insert.run(hash, refs, encoded?.stored ?? storedBodyForm(text)).lastInsertRowid);
      latestIds.remember(hash, id);
      return id;
    },
    /** A reader of bodies that decodes and parses each at most once (an incident's alerts mostly share one). */
    reader(): BodyReader {
      return bodyReader((id) => {
        const raw = rawById.get(id);
        if (raw === undefined) throw new Error(`stored body ${id} is missing`);
        return bodyText(raw);
      });
    },
  };
}

export type SqliteBodies = ReturnType<typeof prepareBodies>;
