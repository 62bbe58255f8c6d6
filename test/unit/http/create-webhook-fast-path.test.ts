import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createWebhookFastPath } from '../../../src/http/create-webhook-fast-path';
import type { Intake } from '../../../src/intake/create-intake';
import { createMetrics } from '../../../src/telemetry/create-metrics';

/** Which requests the fast path takes (true) and which it leaves to express (false, untouched). */
describe('createWebhookFastPath', () => {
  let shuttingDown = false;
  const received: Buffer[] = [];
  const intake: Intake = {
    async receive(_source, request) {
      received.push(request.rawBody);
      return { deliveryId: 'dlv_test', duplicateDelivery: false, decisions: [] };
    },
  };
  const fastPath = createWebhookFastPath({
    intake,
    sources: [createAlertmanagerSource({})],
    metrics: createMetrics(),
    log: pino({ level: 'silent' }),
    bodyLimitBytes: 1000,
    isShuttingDown: () => shuttingDown,
  });
  const taken: boolean[] = [];
  const server = http.createServer((req, res) => {
    const took = fastPath(req, res);
    taken.push(took);
    if (!took) {
      req.resume();
      req.on('end', () => res.writeHead(299).end());
    }
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    taken.length = 0;
    received.length = 0;
    shuttingDown = false;
  });

  const send = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(`${url}${path}`, { method: init.method ?? 'POST', headers: init.headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(init.body);
    });

  it('takes a POST to the exact path with a Content-Length within the limit, and hands intake the exact bytes', async () => {
    const body = Buffer.from('{"x":"é"}');
    expect(await send('/webhooks/alertmanager', { headers: { 'content-length': String(body.length) }, body })).toBe(200);
    expect(taken).toEqual([true]);
    expect(received).toEqual([body]);
  });

  it.each([
    ['a chunked body', '/webhooks/alertmanager', { headers: { 'transfer-encoding': 'chunked' }, body: '{}' }],
    ['a compressed body', '/webhooks/alertmanager', { headers: { 'content-length': '2', 'content-encoding': 'gzip' }, body: '{}' }],
    ['a body over the limit', '/webhooks/alertmanager', { headers: { 'content-length': '1001' }, body: 'x'.repeat(1001) }],
    ['another method', '/webhooks/alertmanager', { method: 'PUT', headers: { 'content-length': '2' }, body: '{}' }],
    ['an unknown source', '/webhooks/nagios', { headers: { 'content-length': '2' }, body: '{}' }],
    ['a query string', '/webhooks/alertmanager?a=1', { headers: { 'content-length': '2' }, body: '{}' }],
  ])('leaves %s to express', async (_what, path, init) => {
    expect(await send(path, init)).toBe(299);
    expect(taken).toEqual([false]);
    expect(received).toEqual([]);
  });

  it('leaves every request to express once shutting down (it answers 503 SHUTTING_DOWN)', async () => {
    shuttingDown = true;
    expect(await send('/webhooks/alertmanager', { headers: { 'content-length': '2' }, body: '{}' })).toBe(299);
    expect(taken).toEqual([false]);
  });
});
