import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createHttpAction } from '../../../integrations/http/create-http-action';
import { createSlackIntegration, type SlackIntegration } from '../../../integrations/slack/create-slack-integration';
import type { SlackRoles } from '../../../integrations/slack/slack-roles';
import { systemClock } from '../../../src/core/clock';
import { createApprovalAction } from '../../../src/engine/actions/approval-action';
import { createNotifyAction } from '../../../src/engine/actions/notify-action';
import { createWaitAction } from '../../../src/engine/actions/wait-action';
import type { AnyAction } from '../../../src/engine/action';
import { createActionRegistry } from '../../../src/engine/create-action-registry';
import { createExecutor, type Executor } from '../../../src/engine/create-executor';
import { createEventHub, type EventHub } from '../../../src/events/event-hub';
import { createApp } from '../../../src/http/create-app';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { createIntake } from '../../../src/intake/create-intake';
import { createPlaybookCatalog } from '../../../src/playbooks/create-playbook-catalog';
import { createRunPlanner } from '../../../src/runs/create-run-planner';
import { createIncidentResolver } from '../../../src/runs/create-incident-resolver';
import { createRunService, type RunService } from '../../../src/runs/create-run-service';
import type { Run } from '../../../src/core/runs/run';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import type { Silence, Store } from '../../../src/store/store';
import { createLogger, type Logger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { waitFor } from '../../helpers/wait-for';
import type { FakeSlackApi } from './fake-slack-api';

export const botToken = 'xoxb-test-bot-token';
export const signingSecret = 'slack-test-signing-secret-8e21';
export const fixturesDir = path.join(__dirname, '..', '..', 'fixtures');

export interface HarnessOptions {
  slack: FakeSlackApi;
  /** Playbook YAML texts (file name = index). */
  playbooks: string[];
  roles?: Partial<SlackRoles>;
  /** Reuse a data directory (a restart); the caller removes it. */
  dataDir?: string;
  coalesceMs?: number;
  /** Actions registered besides http, wait, notify and approval (e.g. one returning a `link` output). */
  actions?: AnyAction[];
}

/** What a local "response_url" server received. */
interface ResponseUrlCall {
  path: string;
  body: { text?: string; response_type?: string };
}

export interface SlackHarness {
  url: string;
  dataDir: string;
  store: Store;
  hub: EventHub;
  runs: RunService;
  slackIntegration: SlackIntegration;
  executor: Executor;
  log: Logger;
  logs: Array<Record<string, unknown>>;
  responses: ResponseUrlCall[];
  responseUrlBase: string;
  /** POSTs an Alertmanager webhook body (loopback: no credential needed). */
  deliver(body: unknown): Promise<Response>;
  /** POSTs `body` to /slack/events signed as Slack signs it (or with the given overrides). */
  postSigned(body: string, options?: { timestamp?: number; signature?: string; contentType?: string }): Promise<Response>;
  /** Sends `/mendbot <text>` as `userId` and returns what came back on its response_url. */
  command(text: string, userId: string): Promise<ResponseUrlCall['body']>;
  /** Clicks a button on the approval message of `run` as `userId`. */
  click(action: 'mendbot.approve' | 'mendbot.reject', run: Run, userId: string): Promise<Response>;
  waitForRun(predicate: (run: Run) => boolean, description: string): Promise<Run>;
  /** Stops everything; keeps the data directory when it was given. */
  close(): Promise<void>;
}

export function signSlack(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * The composition main.ts does, on loopback: real SQLite store, real intake/app/executor/run service, the
 * real Slack integration (Bolt's ExpressReceiver) mounted through createApp's `routers`, talking to a fake
 * Web API; a local server stands in for Slack's response_url.
 */
export async function startSlackHarness(options: HarnessOptions): Promise<SlackHarness> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-slack-'));
  const playbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-slack-playbooks-'));
  options.playbooks.forEach((text, i) => fs.writeFileSync(path.join(playbooksDir, `${i}.yaml`), text));

  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = createLogger({ level: 'info', stream });
  const metrics = createMetrics();
  const clock = systemClock;
  const store = createSqliteStore({ dataDir });
  const catalog = createPlaybookCatalog({ dir: playbooksDir, log });
  const hub = createEventHub((err, event) => log.error({ err, event: event.type }, 'event listener failed'));
  const onRunChange = (run: Run) => hub.emit({ type: 'run_changed', run });

  let silences: Silence[] = [];
  const refreshSilences = async () => {
    silences = await store.listSilences(clock.now().toISOString());
  };
  const silenceTimer = setInterval(() => void refreshSilences().catch(() => undefined), 50);

  // Late-bound as main.ts must do it: chat and approver checks come from the integration built below.
  const actions = createActionRegistry([
    createHttpAction({}),
    createWaitAction({}),
    createNotifyAction({ log, chat: { post: (m) => slackIntegration.chat.post(m) } }),
    createApprovalAction(),
    ...(options.actions ?? []),
  ]);
  const executor = createExecutor({ store, actions, clock, log, metrics, onRunChange, pollMs: 50, leaseMs: 5000 });
  const runs = createRunService({
    store,
    clock,
    wake: () => executor.wake(),
    onRunChange,
    isApprover: (by, approvers) => slackIntegration.isApprover(by, approvers),
  });
  const resolver = createIncidentResolver({ store, clock, policy: defaultLifecyclePolicy, onResolved: (o) => hub.emit({ type: 'incident_changed', incidentId: o.incidentId }) });
  const slackIntegration = createSlackIntegration({
    botToken,
    signingSecret,
    apiUrl: options.slack.apiUrl,
    channel: '#incidents',
    roles: { run: [], pause: [], approve: [], silence: [], resolve: [], ...options.roles },
    store,
    runs,
    resolver,
    catalog,
    hub,
    clock,
    log,
    wake: () => executor.wake(),
    coalesceMs: options.coalesceMs ?? 100,
    webClientOptions: { retryConfig: { retries: 2, factor: 2, minTimeout: 20, maxTimeout: 100 } },
  });
  const intake = createIntake({
    store,
    clock,
    log,
    metrics,
    policy: defaultLifecyclePolicy,
    correlation: {},
    planner: createRunPlanner({ playbooks: () => catalog.list(), silences: () => silences }),
    afterCommit: (outcome) => {
      executor.wake();
      for (const id of new Set(outcome.decisions.map((d) => d.incidentId).filter((i): i is string => i !== undefined))) {
        hub.emit({ type: 'incident_changed', incidentId: id });
      }
    },
  });
  const app = createApp({
    intake,
    sources: [createAlertmanagerSource({})],
    store,
    metrics,
    log,
    bodyLimitBytes: 5 * 1024 * 1024,
    runs,
    routers: [slackIntegration.router],
  });
  const server = await listen(app);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const responses: ResponseUrlCall[] = [];
  const responseServer = await listen(
    http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        responses.push({ path: req.url ?? '/', body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ResponseUrlCall['body'] });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    }),
  );
  const responseUrlBase = `http://127.0.0.1:${(responseServer.address() as AddressInfo).port}`;

  slackIntegration.start();
  executor.start();

  const postSigned: SlackHarness['postSigned'] = (body, o = {}) => {
    const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': o.contentType ?? 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': o.signature ?? signSlack(signingSecret, timestamp, body),
      },
      body,
    });
  };

  let commandCount = 0;
  return {
    url,
    dataDir,
    store,
    hub,
    runs,
    slackIntegration,
    executor,
    log,
    logs,
    responses,
    responseUrlBase,
    deliver: (body) => fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    postSigned,
    async command(text, userId) {
      const responsePath = `/commands/T0ACME/${++commandCount}/token`;
      // Field order and encoding as Slack sends them (seen in captured requests): spaces as '+', '/' and ':' escaped.
      const body = new URLSearchParams({
        token: 'Zq8vLr3TnW5yB2kD7fH1jM4p',
        team_id: 'T0ACME',
        team_domain: 'acme',
        channel_id: 'C0INCIDENTS',
        channel_name: 'incidents',
        user_id: userId,
        user_name: userId.toLowerCase(),
        command: '/mendbot',
        text,
        api_app_id: 'A07REMDBT01',
        is_enterprise_install: 'false',
        response_url: `${responseUrlBase}${responsePath}`,
        trigger_id: '8612951180412.4402917731.9b2e7f1c3a5d4068b7c1e2d3f4a5b6c7',
      }).toString();
      const started = Date.now();
      const res = await postSigned(body);
      if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
      if (Date.now() - started > 3000) throw new Error('slash command was not acknowledged within 3 s');
      const answer = await waitFor(() => responses.find((r) => r.path === responsePath), { timeoutMs: 5000, intervalMs: 10, description: `answer to "${text}"` });
      return answer.body;
    },
    async click(actionId, run, userId) {
      const ref = await store.getChatRef(`run:${run.id}`);
      if (!ref) throw new Error(`run ${run.id} has no approval message`);
      const message = options.slack.messages.get(ref.ts);
      const payload = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'slack-block-actions-approve.json'), 'utf8')) as Record<string, unknown>;
      payload.user = { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0ACME' };
      payload.container = { type: 'message', message_ts: ref.ts, channel_id: ref.channel, is_ephemeral: false };
      payload.channel = { id: ref.channel, name: 'incidents' };
      payload.message = { ...(payload.message as object), ts: ref.ts, thread_ts: message?.thread_ts, text: message?.text, blocks: message?.blocks };
      payload.response_url = `${responseUrlBase}/actions/T0ACME/${Date.now()}/token`;
      payload.actions = [
        { action_id: actionId, block_id: `approval:${run.id}`, text: { type: 'plain_text', text: 'Approve', emoji: true }, value: run.id, type: 'button', action_ts: `${Date.now() / 1000}` },
      ];
      // Slack escapes '/' as '\/' in the JSON of its interaction payloads.
      return postSigned(new URLSearchParams({ payload: JSON.stringify(payload).replace(/\//g, '\\/') }).toString());
    },
    async waitForRun(predicate, description) {
      return waitFor(async () => (await store.listRuns({ limit: 100 })).find(predicate), { timeoutMs: 10_000, intervalMs: 20, description });
    },
    async close() {
      clearInterval(silenceTimer);
      await slackIntegration.stop();
      await executor.stop(0);
      catalog.close();
      for (const s of [server, responseServer]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      await store.close();
      fs.rmSync(playbooksDir, { recursive: true, force: true });
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function listen(handler: http.RequestListener | http.Server): Promise<http.Server> {
  const server = handler instanceof http.Server ? handler : http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** An Alertmanager webhook body from the fixtures, parsed. */
export function amFixture(name: string): { alerts: unknown[]; [field: string]: unknown } {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, name), 'utf8')) as { alerts: unknown[] };
}
