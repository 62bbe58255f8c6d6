import Database from 'better-sqlite3';
import { inflateRawSync } from 'node:zlib';
import { fixture, startTestApp } from '../helpers/start-test-app';

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

describe('raw delivery bodies in the SQLite store', () => {
  it('keeps every body byte-exact: small ones (under 1 KB) as text, larger ones deflated', async () => {
    const app = await startTestApp();
    try {
      const bodies = [small, fixture('alertmanager-firing.wire.json'), fixture('alertmanager-storm.json')];
      for (const body of bodies) {
        const res = await fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', body });
        expect(res.status).toBe(200);
      }
      const db = new Database(app.store.file, { readonly: true });
      const rows = db.prepare('SELECT raw, raw_encoding FROM deliveries ORDER BY id').all() as Array<{ raw: string | Buffer; raw_encoding: string }>;
      db.close();
      expect(rows.map((r) => r.raw_encoding)).toEqual(['utf8', 'deflate-raw', 'deflate-raw']);
      expect(rows[0]!.raw).toBe(small.toString('utf8'));
      // A typical single-alert notification (~2 KB) is stored deflated: it is most of a delivery row's size.
      const single = inflateRawSync(rows[1]!.raw as Buffer);
      expect(single.equals(bodies[1]!)).toBe(true);
      expect((rows[1]!.raw as Buffer).length).toBeLessThan(single.length / 2);
      const storm = inflateRawSync(rows[2]!.raw as Buffer);
      expect(storm.equals(bodies[2]!)).toBe(true);
      expect((rows[2]!.raw as Buffer).length).toBeLessThan(storm.length / 5);
    } finally {
      await app.close();
    }
  });
});
