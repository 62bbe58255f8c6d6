import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { bodyDictionaryV1 } from './body-dictionary';
import { dictionaryDeflater, inflateWithDictionary } from './dictionary-deflate';

const bodyDictionaries = new Map([[1, bodyDictionaryV1]]);

/** Below 1 KB a body stays text: deflating it would save a few hundred bytes at most (see encodeRawBody). */
const deflateFromChars = 1024;
const smallBodyChars = 8192;
const deflateSmallBody = dictionaryDeflater(1, bodyDictionaryV1, { level: 6, windowBits: 14, memLevel: 4 });
const deflateLargeBody = dictionaryDeflater(1, bodyDictionaryV1, { level: 1 });

/**
 * A body as stored in `bodies`: TEXT as received, or a BLOB whose first byte names the preset dictionary
 * (1: body-dictionary.ts) followed by deflate-raw of the UTF-8 bytes.
 */
function encodeBody(text: string): string | Buffer {
  if (text.length < deflateFromChars) return text;
  // Level 6 costs no more than level 1 on a small body and saves ~25 B; on a 50-alert group (~45 KB) it would
  // cost twice level 1's ~100 µs for 15 % less. A small body also gets a small compressor (16 KB window,
  // memLevel 4): it comes out byte-for-byte as small, and while every call built its own zlib state it was
  // ~22 µs against ~58 µs. The compressor is now kept between calls (reusable-deflate-raw.ts: ~17 µs for a
  // 2 KB body, either size). Any inflater reads it (a smaller window only limits how far back it looked).
  if (text.length < smallBodyChars) {
    return deflateSmallBody(text);
  }
  return deflateLargeBody(text);
}

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
     * one to count, or one insert. A re-sent body is inflated to be compared instead of deflated again.
     */
    keep(text: string, refs: number): number {
      const hash = createHash('sha1').update(text).digest().readUIntBE(0, 6);
      for (const row of byHash.all(hash) as Array<{ id: number; raw: unknown }>) {
        if (bodyText(row.raw) !== text) continue;
        addRefs.run(refs, row.id);
        return row.id;
      }
      return Number(insert.run(hash, refs, encodeBody(text)).lastInsertRowid);
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
