import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AlertmanagerApiSettings } from '../../src/config/alertmanager-api-settings';
import { AlertmanagerUnavailableError } from '../../src/core/alertmanager/alertmanager-api';
import { startFakeAlertmanagerApi } from '../../test/fakes/start-fake-alertmanager-api';
import { createAlertmanagerApi } from './create-alertmanager-api';
import { PeerRequestError } from './peer-request-error';

type Fake = Awaited<ReturnType<typeof startFakeAlertmanagerApi>>;

/** A loopback URL nothing listens on (a peer that is down). */
async function deadUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const settingsFor = (urls: string[], extra: Partial<AlertmanagerApiSettings> = {}): AlertmanagerApiSettings => ({
  urls,
  timeoutMs: 2_000,
  reconcileIntervalMs: 60_000,
  reconcileGraceMs: 300_000,
  ...extra,
});
const apiFor = (urls: string[], extra: Partial<AlertmanagerApiSettings> = {}) => createAlertmanagerApi(settingsFor(urls, extra), { backoffMs: 1 });

const checkout = { alertname: 'HighErrorRate', service: 'checkout' };
const silenceOf = (comment: string) => ({
  matchers: [{ name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true }],
  startsAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 600_000).toISOString(),
  createdBy: 'mendbot',
  comment,
});

describe('createAlertmanagerApi', () => {
  let a: Fake;
  let b: Fake;
  beforeEach(async () => {
    [a, b] = await Promise.all([startFakeAlertmanagerApi(), startFakeAlertmanagerApi()]);
  });
  afterEach(() => Promise.all([a.close(), b.close()]));

  describe('listAlerts', () => {
    it('asks every peer for firing alerts, silenced ones included, and merges them by fingerprint', async () => {
      a.fire(checkout);
      b.fire(checkout);
      b.fire({ alertname: 'HighErrorRate', service: 'cart' });
      const list = await apiFor([a.url, b.url]).listAlerts(['alertname="HighErrorRate"']);
      expect(list.unanswered).toEqual([]);
      expect(list.alerts).toHaveLength(2);
      expect(list.alerts.find((x) => x.labels.service === 'checkout')).toMatchObject({ state: 'active', reportedBy: [a.url, b.url], fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
      expect(list.alerts.find((x) => x.labels.service === 'cart')).toMatchObject({ reportedBy: [b.url] });
      const query = a.requests('/api/v2/alerts')[0]!.query;
      expect(query.getAll('filter')).toEqual(['alertname="HighErrorRate"']);
      expect(['active', 'silenced', 'inhibited', 'unprocessed'].map((k) => query.get(k))).toEqual(['true', 'true', 'true', 'true']);
      expect(query.has('receiver')).toBe(false);
    });

    it('sends one filter parameter per matcher', async () => {
      a.fire(checkout);
      a.fire({ alertname: 'HighErrorRate', service: 'cart' });
      const list = await apiFor([a.url]).listAlerts(['alertname="HighErrorRate"', 'service="checkout"']);
      expect(list.alerts.map((x) => x.labels.service)).toEqual(['checkout']);
      expect(a.requests('/api/v2/alerts')[0]!.query.getAll('filter')).toEqual(['alertname="HighErrorRate"', 'service="checkout"']);
    });

    it('counts an alert under a silence as firing (suppressed)', async () => {
      a.fire(checkout);
      const api = apiFor([a.url]);
      await api.createSilence(silenceOf('test'));
      expect((await api.listAlerts([])).alerts).toEqual([expect.objectContaining({ state: 'suppressed' })]);
    });

    it('names a peer that is down in `unanswered` and still answers from the other', async () => {
      const down = await deadUrl();
      b.fire(checkout);
      const list = await apiFor([down, b.url]).listAlerts([]);
      expect(list.alerts).toEqual([expect.objectContaining({ labels: checkout, reportedBy: [b.url] })]);
      expect(list.unanswered).toEqual([{ url: down, error: expect.stringMatching(/request failed \(ECONNREFUSED\)/) }]);
    });

    it('rejects with AlertmanagerUnavailableError when no peer answers, never with an empty list', async () => {
      const down = [await deadUrl(), await deadUrl()];
      const error = await apiFor(down).listAlerts([]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AlertmanagerUnavailableError);
      expect((error as AlertmanagerUnavailableError).failures.map((f) => f.url)).toEqual(down);
    });

    it('gives up on a slow peer at the timeout', async () => {
      a.answerNext({ status: 200, body: [], delayMs: 1_500 });
      b.fire(checkout);
      const started = Date.now();
      const list = await apiFor([a.url, b.url], { timeoutMs: 200 }).listAlerts([]);
      expect(Date.now() - started).toBeLessThan(1_200);
      expect(list.unanswered).toEqual([{ url: a.url, error: 'no answer within 200 ms' }]);
      expect(list.alerts).toHaveLength(1);
    });

    it('retries a 503 with backoff and then answers', async () => {
      a.fire(checkout);
      a.answerNext({ status: 503, body: 'not ready' }, { status: 503, body: 'not ready' });
      const list = await apiFor([a.url]).listAlerts([]);
      expect(list.alerts).toHaveLength(1);
      expect(a.requests('/api/v2/alerts')).toHaveLength(3);
    });

    it('stops after three tries of a 5xx, naming the status', async () => {
      a.answerNext({ status: 503, body: 'a' }, { status: 502, body: 'b' }, { status: 500, body: 'c' });
      const error = (await apiFor([a.url]).listAlerts([]).catch((e: unknown) => e)) as AlertmanagerUnavailableError;
      expect(error.failures).toEqual([{ url: a.url, error: 'HTTP 500: c' }]);
      expect(a.requests('/api/v2/alerts')).toHaveLength(3);
    });

    it('treats a body that is not Alertmanager\'s as that peer\'s error, without retrying', async () => {
      b.fire(checkout);
      a.answerNext({ status: 200, body: { status: 'success', data: { resultType: 'vector', result: [] } } });
      const list = await apiFor([a.url, b.url]).listAlerts([]);
      expect(list.unanswered).toEqual([{ url: a.url, error: expect.stringContaining('HTTP 200 is not an Alertmanager v2 answer') }]);
      expect(a.requests('/api/v2/alerts')).toHaveLength(1);
      a.answerNext({ status: 200, raw: '<html>login</html>' });
      expect((await apiFor([a.url, b.url]).listAlerts([])).unanswered[0]!.error).toMatch(/not an Alertmanager v2 answer/);
    });

    it('does not retry a 400 (a bad matcher is refused every time)', async () => {
      const error = (await apiFor([a.url]).listAlerts(['nonsense']).catch((e: unknown) => e)) as AlertmanagerUnavailableError;
      expect(error.failures[0]!.error).toBe('HTTP 400: bad matcher format: nonsense');
      expect(a.requests('/api/v2/alerts')).toHaveLength(1);
    });

    it('stops when the caller aborts', async () => {
      a.answerNext({ status: 200, body: [], delayMs: 1_500 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = (await apiFor([a.url]).listAlerts([], controller.signal).catch((e: unknown) => e)) as AlertmanagerUnavailableError;
      expect(error.failures).toEqual([{ url: a.url, error: 'aborted' }]);
    });

    it('refuses a peer the outbound guard denies, without connecting', async () => {
      const error = (await apiFor(['http://169.254.169.254:9093']).listAlerts([]).catch((e: unknown) => e)) as AlertmanagerUnavailableError;
      expect(error.failures[0]!.error).toMatch(/denied: link-local/);
    });
  });

  describe('authentication', () => {
    it('sends the bearer token, read from its file on each request', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-am-auth-'));
      const file = path.join(dir, 'token');
      fs.writeFileSync(file, 'first-token\n');
      const api = apiFor([a.url], { auth: { type: 'bearer', token: { file } } });
      await api.listAlerts([]);
      fs.writeFileSync(file, 'rotated-token\n');
      await api.status();
      expect(a.received.map((r) => r.headers.authorization)).toEqual(['Bearer first-token', 'Bearer rotated-token']);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('sends basic auth', async () => {
      await apiFor([a.url], { auth: { type: 'basic', username: 'mendbot', password: { value: 'pa:ss' } } }).listSilences([]);
      expect(a.received[0]!.headers.authorization).toBe(`Basic ${Buffer.from('mendbot:pa:ss').toString('base64')}`);
    });

    it('sends no Authorization header without auth', async () => {
      await apiFor([a.url]).listAlerts([]);
      expect(a.received[0]!.headers.authorization).toBeUndefined();
    });
  });

  describe('silences', () => {
    it('creates a silence on the first peer that accepts it', async () => {
      a.answerNext({ status: 503 }, { status: 503 }, { status: 503 });
      const id = await apiFor([a.url, b.url]).createSilence(silenceOf('mendbot run r step s (incident i)'));
      expect(b.silences()).toEqual([expect.objectContaining({ id, createdBy: 'mendbot', comment: 'mendbot run r step s (incident i)', status: { state: 'active' } })]);
      expect(a.silences()).toEqual([]);
    });

    it('does not try the next peer with a silence Alertmanager refuses', async () => {
      const error = await apiFor([a.url, b.url]).createSilence({ ...silenceOf('x'), matchers: [] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PeerRequestError);
      expect((error as PeerRequestError).message).toBe('HTTP 422: matchers in body should have at least 1 items');
      expect(b.received).toEqual([]);
    });

    it('rejects with AlertmanagerUnavailableError when no peer takes the silence', async () => {
      const error = await apiFor([await deadUrl()]).createSilence(silenceOf('x')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AlertmanagerUnavailableError);
    });

    it('lists silences of every peer, merged by id, with the filter passed on', async () => {
      const api = apiFor([a.url, b.url]);
      const onA = await createAlertmanagerApi(settingsFor([a.url])).createSilence(silenceOf('on a'));
      await createAlertmanagerApi(settingsFor([b.url])).createSilence(silenceOf('on b'));
      const silences = await api.listSilences(['alertname="HighErrorRate"']);
      expect(silences.map((s) => s.comment).sort()).toEqual(['on a', 'on b']);
      expect(silences.find((s) => s.id === onA)).toEqual({ id: onA, state: 'active', comment: 'on a', createdBy: 'mendbot', startsAt: expect.any(String), endsAt: expect.any(String), matchers: silenceOf('').matchers });
      expect(a.requests('/api/v2/silences', 'GET')[0]!.query.getAll('filter')).toEqual(['alertname="HighErrorRate"']);
    });

    it('expires a silence, and expiring it again (or an unknown one) is not an error', async () => {
      const api = apiFor([a.url, b.url]);
      const id = await api.createSilence(silenceOf('x'));
      await api.expireSilence(id);
      expect(a.silences()[0]!.status.state).toBe('expired');
      await api.expireSilence(id);
      await api.expireSilence('00000000-0000-0000-0000-000000000000');
    });

    it('treats "already expired" and 404 answers as done', async () => {
      a.answerNext({ status: 500, body: 'silence 5f0c already expired' });
      await apiFor([a.url]).expireSilence('5f0c');
      a.answerNext({ status: 404 });
      await apiFor([a.url]).expireSilence('5f0c');
      expect(a.requests('/api/v2/silence/5f0c')).toHaveLength(2);
    });

    it('is not sure a silence is gone while the peer that may hold it is down', async () => {
      const error = await apiFor([await deadUrl(), b.url]).expireSilence('00000000-0000-0000-0000-000000000000').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AlertmanagerUnavailableError);
    });

    it('links a silence on ALERTMANAGER_EXTERNAL_URL, else the first URL', () => {
      expect(apiFor([a.url]).silenceLink('abc')).toBe(`${a.url}/#/silences/abc`);
      expect(apiFor([a.url], { externalUrl: 'https://am.example.com/am' }).silenceLink('abc')).toBe('https://am.example.com/am/#/silences/abc');
    });
  });

  describe('status', () => {
    it('reports every peer, the unreachable ones as not ok, and never rejects', async () => {
      const down = await deadUrl();
      expect(await apiFor([a.url, down]).status()).toEqual([
        { url: a.url, ok: true, version: '0.25.0', cluster: 'disabled', uptime: '2026-12-05T08:33:27.365Z' },
        { url: down, ok: false, error: expect.stringMatching(/ECONNREFUSED/) },
      ]);
    });
  });

  it('keeps a path prefix (Alertmanager under --web.route-prefix)', async () => {
    await apiFor([`${a.url}/alertmanager`]).listAlerts([]).catch(() => undefined);
    expect(a.received[0]!.path).toBe('/alertmanager/api/v2/alerts');
  });
});
