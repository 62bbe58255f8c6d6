import Database from 'better-sqlite3';
import { inflateRawSync } from 'node:zlib';
import { fixture, startTestApp } from '../helpers/start-test-app';

describe('raw delivery bodies in the SQLite store', () => {
  it('keeps every body byte-exact: small ones as text, large ones deflated', async () => {
    const app = await startTestApp();
    try {
      for (const name of ['alertmanager-firing.wire.json', 'alertmanager-storm.json']) {
        const res = await fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', body: fixture(name) });
        expect(res.status).toBe(200);
      }
      const db = new Database(app.store.file, { readonly: true });
      const rows = db.prepare('SELECT raw, raw_encoding FROM deliveries ORDER BY id').all() as Array<{ raw: string | Buffer; raw_encoding: string }>;
      db.close();
      expect(rows.map((r) => r.raw_encoding)).toEqual(['utf8', 'deflate-raw']);
      expect(rows[0]!.raw).toBe(fixture('alertmanager-firing.wire.json').toString('utf8'));
      const storm = inflateRawSync(rows[1]!.raw as Buffer);
      expect(storm.equals(fixture('alertmanager-storm.json'))).toBe(true);
      expect((rows[1]!.raw as Buffer).length).toBeLessThan(storm.length / 5);
    } finally {
      await app.close();
    }
  });
});
