import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createSlackIntegration } from '../../../integrations/slack/create-slack-integration';
import { systemClock } from '../../../src/core/clock';
import { createEventHub } from '../../../src/events/event-hub';
import { createRunService } from '../../../src/runs/create-run-service';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { waitFor } from '../../helpers/wait-for';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api';
import { botToken, fixturesDir, signingSecret, signSlack, startSlackHarness, type SlackHarness } from './start-slack-harness';

const helpCommand = new URLSearchParams({
  token: 'Zq8vLr3TnW5yB2kD7fH1jM4p',
  team_id: 'T0ACME',
  channel_id: 'C0INCIDENTS',
  user_id: 'U0ANYONE1',
  user_name: 'anyone',
  command: '/mendbot',
  text: 'help',
  response_url: 'http://127.0.0.1:9/unused', // never reached: these tests look at the status only
  trigger_id: '1.2.3',
}).toString();

describe('slack request verification', () => {
  let slack: FakeSlackApi;
  let h: SlackHarness;
  const now = () => Math.floor(Date.now() / 1000);

  beforeEach(async () => {
    slack = await startFakeSlackApi({ botToken });
    h = await startSlackHarness({ slack, playbooks: [] });
  });
  afterEach(async () => {
    await h.close();
    await slack.close();
  });

  it('accepts a request signed exactly as Slack signs it', async () => {
    expect((await h.postSigned(helpCommand)).status).toBe(200);
  });

  it('accepts a form content type with a charset parameter (Bolt alone answers 400)', async () => {
    expect((await h.postSigned(helpCommand, { contentType: 'application/x-www-form-urlencoded; charset=utf-8' })).status).toBe(200);
  });

  it('answers 401 to a forged signature', async () => {
    const forged = signSlack('not-the-secret', now(), helpCommand);
    expect((await h.postSigned(helpCommand, { signature: forged })).status).toBe(401);
  });

  it('answers 401 to a body changed after signing', async () => {
    const ts = now();
    const res = await h.postSigned(helpCommand.replace('help', 'status'), { timestamp: ts, signature: signSlack(signingSecret, ts, helpCommand) });
    expect(res.status).toBe(401);
  });

  it('answers 401 to a stale timestamp (more than 5 minutes old), even correctly signed', async () => {
    expect((await h.postSigned(helpCommand, { timestamp: now() - 301 })).status).toBe(401);
  });

  it('answers 401 to a timestamp more than 5 minutes in the future, which Bolt alone lets through', async () => {
    // A minute past the window: at +301 a loaded CI run took over a second between this line and the check.
    expect((await h.postSigned(helpCommand, { timestamp: now() + 360 })).status).toBe(401);
    expect((await h.postSigned(helpCommand, { timestamp: now() + 60 })).status).toBe(200); // clock skew within the window
  });

  it('answers 401 without the signature headers', async () => {
    const res = await fetch(`${h.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: helpCommand });
    expect(res.status).toBe(401);
  });

  it('serves Events API url_verification on the same URL', async () => {
    const res = await h.postSigned(JSON.stringify({ token: 'x', challenge: 'c4ll3ng3', type: 'url_verification' }), { contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c4ll3ng3' });
  });

  it('signs as Slack does (checked against the captured interactivity fixture and its real signature)', () => {
    const body = fs.readFileSync(path.join(fixturesDir, 'slack-block-actions-approve.form.txt'), 'utf8');
    const captured = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'signatures.json'), 'utf8')).slack.requests['slack-block-actions-approve.form.txt'];
    expect(signSlack(signingSecret, Number(captured.headers['X-Slack-Request-Timestamp']), body)).toBe(captured.headers['X-Slack-Signature']);
  });

  it('made one auth.test, at start, and none per request', async () => {
    await h.postSigned(helpCommand);
    await h.postSigned(helpCommand);
    expect(slack.callsTo('auth.test')).toHaveLength(1);
  });
});

describe('building the slack integration', () => {
  const quiet = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });

  const build = async (slack: FakeSlackApi, extra: { appToken?: string; signingSecret?: string }) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-slack-build-'));
    const store = createSqliteStore({ dataDir });
    const integration = createSlackIntegration({
      botToken,
      apiUrl: slack.apiUrl,
      channel: 'C0INCIDENTS',
      roles: { run: [], pause: [], approve: [], silence: [], resolve: [] },
      store,
      runs: createRunService({ store, clock: systemClock, wake: () => undefined }),
      catalog: { get: () => undefined, list: () => [] },
      hub: createEventHub(() => undefined),
      clock: systemClock,
      log: quiet,
      wake: () => undefined,
      ...extra,
    });
    return { integration, close: async () => (await store.close(), fs.rmSync(dataDir, { recursive: true, force: true })) };
  };

  it('makes no network call until start(), which checks the token once', async () => {
    const slack = await startFakeSlackApi({ botToken });
    const { integration, close } = await build(slack, { signingSecret });
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.calls).toHaveLength(0);
    integration.start();
    await waitFor(() => slack.callsTo('auth.test').length === 1, { description: 'auth.test' });
    expect(slack.calls[0]!.authorization).toBe(`Bearer ${botToken}`);
    await integration.stop();
    await close();
    await slack.close();
  });

  it('in Socket Mode (SLACK_APP_TOKEN) serves nothing over HTTP and opens no connection when built', async () => {
    const slack = await startFakeSlackApi({ botToken });
    const { integration, close } = await build(slack, { appToken: 'xapp-1-A07REMDBT01-test' });
    expect(integration.router.stack).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
    await close();
    await slack.close();
  });

  it('refuses to build without a signing secret outside Socket Mode', async () => {
    const slack = await startFakeSlackApi({ botToken });
    await expect(build(slack, {})).rejects.toThrow('SLACK_SIGNING_SECRET is required');
    await slack.close();
  });
});
