import Database from 'better-sqlite3';
import { bodyText } from '../../../src/store/sqlite/sqlite-bodies';
import { fixture, startTestApp } from '../../helpers/start-test-app';

/** A minimal Alertmanager notification, well under the 1,024-character deflate threshold. */
const small = Buffer.from(
  JSON.stringify({
    version: '4',
    groupKey: '{}:{alertname="Small"}',
    status: 'firing',
    receiver: 'mendbot',
    groupLabels: { alertname: 'Small' },
    commonLabels: { alertname: 'Small' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    truncatedAlerts: 0,
    alerts: [{ status: 'firing', labels: { alertname: 'Small' }, annotations: {}, startsAt: '2026-12-05T10:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: 'a1b2c3d4e5f60718' }],
  }),
);

/** Migration 12's layout of the same guarantees as sqlite-raw-body.test.ts (bodies in `bodies`, once each). */
describe('raw delivery bodies in the SQLite store, stored once', () => {
  it('keeps every body byte-exact: small ones as text, larger ones deflated, a re-sent one not stored again', async () => {
    const app = await startTestApp();
    try {
      const bodies = [small, fixture('alertmanager-firing.wire.json'), fixture('alertmanager-storm.json')];
      for (const body of [...bodies, bodies[1]!]) {
        const res = await fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', body });
        expect(res.status).toBe(200);
      }
      const db = new Database(app.store.file, { readonly: true });
      const deliveries = db.prepare('SELECT raw, raw_encoding, body_id FROM deliveries ORDER BY id').all() as Array<{ raw: string; raw_encoding: string; body_id: number }>;
      const stored = db.prepare('SELECT id, raw, typeof(raw) AS type FROM bodies ORDER BY id').all() as Array<{ id: number; raw: string | Buffer; type: string }>;
      db.close();
      expect(deliveries.map((d) => [d.raw, d.raw_encoding])).toEqual(Array.from({ length: 4 }, () => ['', 'body']));
      // The re-sent notification points at the body stored the first time.
      expect(deliveries.map((d) => d.body_id)).toEqual([stored[0]!.id, stored[1]!.id, stored[2]!.id, stored[1]!.id]);
      expect(stored.map((b) => b.type)).toEqual(['text', 'blob', 'blob']);
      expect(stored[0]!.raw).toBe(small.toString('utf8'));
      expect(Buffer.from(bodyText(stored[1]!.raw), 'utf8').equals(bodies[1]!)).toBe(true);
      expect((stored[1]!.raw as Buffer).length).toBeLessThan(bodies[1]!.length / 2);
      expect(Buffer.from(bodyText(stored[2]!.raw), 'utf8').equals(bodies[2]!)).toBe(true);
      expect((stored[2]!.raw as Buffer).length).toBeLessThan(bodies[2]!.length / 5);
      const listed = await app.store.listDeliveries({ since: '2000-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z', limit: 10 });
      expect(listed.map((d) => d.raw)).toEqual([...bodies, bodies[1]!].map((b) => b.toString('utf8')));
    } finally {
      await app.close();
    }
  });
});
