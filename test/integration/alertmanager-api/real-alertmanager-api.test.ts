/**
 * The client and the silence action against the real Alertmanager (Debian's prometheus-alertmanager 0.25,
 * stand-alone on loopback): what the fake and the captured fixtures stand for is checked here once.
 */
import net from 'node:net';
import pino from 'pino';
import { computeFingerprint } from '../../../integrations/alertmanager/compute-fingerprint';
import { createAlertmanagerApi } from '../../../integrations/alertmanager-api/create-alertmanager-api';
import { createAlertmanagerSilenceAction } from '../../../integrations/alertmanager-api/create-alertmanager-silence-action';
import type { AlertmanagerApi } from '../../../src/core/alertmanager/alertmanager-api';
import { systemClock } from '../../../src/core/clock';
import type { ActionContext } from '../../../src/engine/action';
import { postAlerts, type RunningAlertmanager, startAlertmanager } from '../../helpers/start-alertmanager';

jest.setTimeout(20_000);

const labels = { alertname: 'RealApiTest', service: 'checkout', severity: 'critical' };

describe('the Alertmanager v2 client against the real Alertmanager', () => {
  let am: RunningAlertmanager;
  let api: AlertmanagerApi;

  beforeAll(async () => {
    // The receiver points at a loopback port nothing listens on: notifications fail, which is irrelevant here.
    am = await startAlertmanager({ mendbotUrl: 'http://127.0.0.1:9', logLevel: 'warn' });
    api = createAlertmanagerApi({ urls: [am.url], timeoutMs: 3_000, reconcileIntervalMs: 60_000, reconcileGraceMs: 300_000 });
    await postAlerts(am.url, [{ labels }, { labels: { ...labels, service: 'cart' } }, { labels: { alertname: 'Unrelated' } }]);
  });
  afterAll(() => am?.stop());

  it('reads its status', async () => {
    expect(await api.status()).toEqual([{ url: am.url, ok: true, version: '0.25.0', cluster: 'disabled', uptime: expect.any(String) }]);
  });

  it("lists the firing alerts a filter selects, with Alertmanager's fingerprint (the same mendbot computes)", async () => {
    const list = await api.listAlerts(['alertname="RealApiTest"', 'service="checkout"']);
    expect(list).toEqual({ alerts: [{ fingerprint: computeFingerprint(labels), labels, state: 'active', startsAt: expect.any(String), endsAt: expect.any(String), reportedBy: [am.url] }], unanswered: [] });
  });

  it('names a second peer that is down and still answers from the first', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const down = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const pair = createAlertmanagerApi({ urls: [am.url, down], timeoutMs: 2_000, reconcileIntervalMs: 0, reconcileGraceMs: 0 }, { backoffMs: 1 });
    const list = await pair.listAlerts(['alertname="RealApiTest"']);
    expect(list.alerts).toHaveLength(2);
    expect(list.unanswered.map((u) => u.url)).toEqual([down]);
  });

  it('silences with the action, reuses the silence on a retry, and expires it at the end of the run', async () => {
    const action = createAlertmanagerSilenceAction({ api });
    const ctx: ActionContext = {
      runId: 'run_real',
      incidentId: 'inc_real',
      stepId: 'silence',
      commonLabels: { alertname: 'RealApiTest', service: 'checkout' },
      attempt: 1,
      signal: new AbortController().signal,
      log: pino({ level: 'silent' }),
      clock: systemClock,
      approval: { state: null, approvers: [], expiresMs: 0 },
    };
    const output = await action.execute(action.input.parse({ duration: '15m', comment: 'real test' }), ctx);
    expect(output.link).toBe(`${am.url}/#/silences/${String(output.silence_id)}`);
    const again = await action.execute(action.input.parse({ duration: '15m', comment: 'real test' }), { ...ctx, attempt: 2 });
    expect(again.silence_id).toBe(output.silence_id);

    const silences = await api.listSilences(['alertname="RealApiTest"']);
    expect(silences).toEqual([
      expect.objectContaining({
        id: output.silence_id,
        state: 'active',
        createdBy: 'mendbot',
        comment: 'mendbot run run_real step silence (incident inc_real): real test',
        matchers: [
          { name: 'alertname', value: 'RealApiTest', isRegex: false, isEqual: true },
          { name: 'service', value: 'checkout', isRegex: false, isEqual: true },
        ],
      }),
    ]);
    // Silenced is still firing: the alert is listed, suppressed.
    const silenced = await api.listAlerts(['alertname="RealApiTest"', 'service="checkout"']);
    expect(silenced.alerts).toEqual([expect.objectContaining({ state: 'suppressed' })]);

    await action.onRunEnd!(output, ctx);
    expect((await api.listSilences(['alertname="RealApiTest"']))[0]!.state).toBe('expired');
    // Expiring again, or a silence Alertmanager never had, is done.
    await action.onRunEnd!(output, ctx);
    await api.expireSilence('00000000-0000-0000-0000-000000000000');
  });

  it('passes on Alertmanager refusing a silence that matches everything', async () => {
    const now = Date.now();
    await expect(
      api.createSilence({ matchers: [{ name: 'alertname', value: '.*', isRegex: true, isEqual: true }], startsAt: new Date(now).toISOString(), endsAt: new Date(now + 60_000).toISOString(), createdBy: 'mendbot', comment: 'x' }),
    ).rejects.toThrow(/HTTP 400/);
  });
});
