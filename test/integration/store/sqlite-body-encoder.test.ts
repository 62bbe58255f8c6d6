import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { bodyText } from '../../../src/store/sqlite/sqlite-bodies';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { buildAlert, buildDelivery, minutesLater } from '../../helpers/build-delivery';

/** A raw body past the deflate threshold, different per delivery, so each goes to the encoder thread. */
const rawOf = (i: number) => JSON.stringify({ n: i, padding: 'x'.repeat(1500 + i) });

describe('the SQLite store with its body encoder thread', () => {
  let dir = '';
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-body-encoder-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('commits, on close, the deliveries whose bodies were still being encoded, in the order they came', async () => {
    const store = createSqliteStore({ dataDir: dir });
    const recorded = Array.from({ length: 20 }, (_, i) =>
      store.recordDelivery(buildDelivery([buildAlert({ name: `A${i}`, correlationId: `g${i}` })], { receivedAt: minutesLater(i), raw: rawOf(i) }), defaultLifecyclePolicy),
    );
    await store.close();
    const outcomes = await Promise.all(recorded);
    expect(outcomes.every((o) => o.deliveryId !== undefined)).toBe(true);
    const db = new Database(path.join(dir, 'mendbot.db'), { readonly: true });
    const rows = db.prepare('SELECT d.id, b.raw FROM deliveries d JOIN bodies b ON b.id = d.body_id ORDER BY b.id').all() as Array<{ id: string; raw: Buffer }>;
    db.close();
    expect(rows.map((r) => bodyText(r.raw))).toEqual(Array.from({ length: 20 }, (_, i) => rawOf(i)));
    expect(rows.map((r) => r.id)).toEqual(outcomes.map((o) => o.deliveryId));
  });
});
