import http from 'node:http';
import Database from 'better-sqlite3';
import net from 'node:net';
import { fixture, startTestApp, type TestApp } from '../../helpers/start-test-app';

/** One raw request: status, headers and body as the client sees them. */
function request(app: TestApp, path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sizedHeaders = (body: Buffer) => ({ 'content-type': 'application/json', 'content-length': String(body.length) });
const chunkedHeaders = { 'content-type': 'application/json', 'transfer-encoding': 'chunked' };

async function metricValue(app: TestApp, line: RegExp): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const found = text.split('\n').find((l) => line.test(l));
  return found ? Number(found.split(' ').pop()) : 0;
}

describe('webhooks on the fast path (Content-Length, no encoding) and through express (chunked)', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({});
  });
  afterEach(async () => {
    await app.close();
  });

  it('answer a delivery with the same status, headers and decisions', async () => {
    const body = fixture('alertmanager-firing.wire.json');
    const fast = await request(app, '/webhooks/alertmanager', body, sizedHeaders(body));
    const viaExpress = await request(app, '/webhooks/alertmanager', body, chunkedHeaders);
    expect(fast.status).toBe(200);
    expect(viaExpress.status).toBe(200);
    expect(fast.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(viaExpress.headers['content-type']).toBe(fast.headers['content-type']);
    expect(Number(fast.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(fast.body)));
    expect(fast.headers.etag).toBeUndefined();
    expect(viaExpress.headers.etag).toBeUndefined();
    expect(Object.keys(fast.body)).toEqual(['deliveryId', 'duplicate', 'decisions', 'decisionCount']);
    expect((fast.body.decisions as Array<{ kind: string }>).map((d) => d.kind)).toEqual(['new_incident', 'attached']);
    // The second copy went through express and found the first one's alerts: the same store, the same rules.
    expect((viaExpress.body.decisions as Array<{ kind: string }>).map((d) => d.kind)).toEqual(['duplicate', 'duplicate']);
    expect(await metricValue(app, /^mendbot_webhook_deliveries_total\{source="alertmanager",outcome="accepted"\}/)).toBe(2);
    expect(await metricValue(app, /^mendbot_webhook_duration_seconds_count\{source="alertmanager",status_code="200"\}/)).toBe(2);
  });

  it('answer a 50-alert group with its first 10 decisions and where all 50 are; the store holds them folded', async () => {
    const body = fixture('alertmanager-storm.json');
    const answer = await request(app, '/webhooks/alertmanager', body, sizedHeaders(body));
    expect(answer.status).toBe(200);
    const id = answer.body.deliveryId as string;
    expect(Object.keys(answer.body)).toEqual(['deliveryId', 'duplicate', 'decisions', 'decisionCount', 'decisionsUrl']);
    expect(answer.body).toMatchObject({ duplicate: false, decisionCount: 50, decisionsUrl: `/api/deliveries/${id}` });
    const decisions = answer.body.decisions as Array<{ kind: string; alertKey: string }>;
    expect(decisions.map((d) => d.kind)).toEqual(['new_incident', ...Array.from({ length: 9 }, () => 'attached')]);
    const all = (await (await fetch(`${app.url}${answer.body.decisionsUrl as string}`)).json()) as { id: string; source: string; decisions: typeof decisions };
    expect(all).toMatchObject({ id, source: 'alertmanager', eventType: 'notification' });
    expect(Object.keys(all)).not.toContain('raw');
    expect(all.decisions).toHaveLength(50);
    expect(all.decisions.slice(0, 10)).toEqual(decisions);
    expect(new Set(all.decisions.map((d) => d.alertKey)).size).toBe(50);
    const stored = new Database(app.store.file, { readonly: true });
    try {
      expect(String(stored.prepare('SELECT decisions FROM deliveries WHERE id = ?').pluck().get(id)).startsWith('\u0003')).toBe(true);
    } finally {
      stored.close();
    }
    const missing = await fetch(`${app.url}/api/deliveries/dlv_nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
  });

  it('answer a body that is not JSON with the same error either way', async () => {
    const body = Buffer.from('not json');
    const fast = await request(app, '/webhooks/alertmanager', body, sizedHeaders(body));
    const viaExpress = await request(app, '/webhooks/alertmanager', body, chunkedHeaders);
    expect(fast.status).toBe(400);
    expect(fast.body.code).toBe('INVALID_JSON');
    expect(viaExpress).toMatchObject({ status: fast.status, body: fast.body });
    expect(viaExpress.headers['content-type']).toBe(fast.headers['content-type']);
    expect(await metricValue(app, /^mendbot_webhook_deliveries_total\{source="alertmanager",outcome="rejected"\}/)).toBe(2);
  });

  it('leaves other spellings of the path to express (a trailing slash, a query string)', async () => {
    const body = fixture('alertmanager-firing.wire.json');
    const slash = await request(app, '/webhooks/alertmanager/', body, sizedHeaders(body));
    const query = await request(app, '/webhooks/alertmanager?x=1', body, sizedHeaders(body));
    expect(slash.status).toBe(200);
    expect(query.status).toBe(200);
    expect((query.body.decisions as Array<{ kind: string }>).map((d) => d.kind)).toEqual(['duplicate', 'duplicate']);
  });

  it('counts an upload cut short as rejected and stores nothing', async () => {
    const body = fixture('alertmanager-firing.wire.json');
    const { port } = new URL(app.url);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /webhooks/alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
        socket.write(body.subarray(0, 100), () => setTimeout(() => socket.destroy(), 50));
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    for (let i = 0; i < 50 && (await metricValue(app, /^mendbot_webhook_deliveries_total\{source="alertmanager",outcome="rejected"\}/)) === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await metricValue(app, /^mendbot_webhook_deliveries_total\{source="alertmanager",outcome="rejected"\}/)).toBe(1);
    const incidents = (await (await fetch(`${app.url}/api/incidents?status=all`)).json()) as { items: unknown[] };
    expect(incidents.items).toEqual([]);
  });
});
