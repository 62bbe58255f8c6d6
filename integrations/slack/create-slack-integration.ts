import { App, ExpressReceiver, SocketModeReceiver } from '@slack/bolt';
import express from 'express';
import type { Clock } from '../../src/core/clock';
import type { ChatPort } from '../../src/engine/actions/notify-action';
import type { EventHub } from '../../src/events/event-hub';
import type { PlaybookCatalog } from '../../src/playbooks/create-playbook-catalog';
import type { IncidentResolver } from '../../src/runs/create-incident-resolver';
import type { RunService } from '../../src/runs/create-run-service';
import type { Store } from '../../src/store/store';
import type { Logger } from '../../src/telemetry/create-logger';
import { createApproverDirectory } from './create-approver-directory';
import { createBoltFailureHandlers } from './create-bolt-failure-handlers';
import { createIncidentThreads } from './create-incident-threads';
import { createSlackWebClient, defaultSlackRetryConfig, type SlackWebClientOptions } from './create-slack-web-client';
import { guardSlackRequest } from './guard-slack-request';
import { registerApprovalActions } from './register-approval-actions';
import { registerSlashCommand } from './register-slash-command';
import { requireFreshTimestamp } from './require-fresh-timestamp';
import type { SlackRoles } from './slack-roles';
import { toBoltLogger } from './to-bolt-logger';

/** The one URL Slack calls for slash commands, interactivity and events (Bolt routes by body). */
const slackEventsPath = '/slack/events';

/** Slack's own bodies are a few KiB (an approval click carries its message); anything near this is not Slack. */
const slackBodyLimitBytes = 1024 * 1024;

export interface SlackIntegrationDeps {
  /** SLACK_BOT_TOKEN (xoxb-…). */
  botToken: string;
  /** SLACK_SIGNING_SECRET; required unless `appToken` selects Socket Mode. */
  signingSecret?: string;
  /** SLACK_API_URL: Web API base URL (tests point it at a local fake). */
  apiUrl?: string;
  /** SLACK_APP_TOKEN (xapp-…): receive over Socket Mode (WebSocket) instead of POST /slack/events. */
  appToken?: string;
  /** SLACK_CHANNEL: where each incident's thread lives (ID or name). */
  channel: string;
  /** Default '/mendbot' (YAML `slack.commandName`). */
  commandName?: string;
  roles: SlackRoles;
  store: Store;
  runs: RunService;
  /** `resolve <incident>`: closing incidents by hand (absent: the subcommand says it is not available). */
  resolver?: IncidentResolver;
  catalog: Pick<PlaybookCatalog, 'get' | 'list'>;
  hub: EventHub;
  clock: Clock;
  log: Logger;
  /** Look for runnable runs now (after a manual run). */
  wake(): void;
  /** At most one update of an incident's messages per this many ms (default 2000). */
  coalesceMs?: number;
  /** WebClient options over mendbot's defaults (tests: a fast retryConfig). */
  webClientOptions?: SlackWebClientOptions;
}

export interface SlackIntegration {
  /** Mount at the app root, before any body parser: POST /slack/events (empty in Socket Mode). */
  router: express.Router;
  /** For the notify action: posts into the incident's thread. */
  chat: ChatPort;
  /** For the run service: user IDs match exactly; `@handle` is a Slack user group (cached 5 min). */
  isApprover(by: string, approvers: string[]): Promise<boolean>;
  /** Subscribes to the event hub, checks the token (auth.test, logged), connects Socket Mode if used. */
  start(): void;
  /** Unsubscribes and waits (a few seconds at most) for in-flight Slack updates. */
  stop(): Promise<void>;
}

/**
 * Slack ChatOps: approval buttons, the slash command and one live thread per incident. Bolt is the transport
 * (signature check, parsing, ack); the listeners delegate to the run service and the store. Building it makes
 * no network call: the App gets an `authorize` function instead of a token, so Bolt never runs auth.test on
 * its own (neither at construction nor per request); start() runs it once to report a bad token early.
 */
export function createSlackIntegration(deps: SlackIntegrationDeps): SlackIntegration {
  const log = deps.log.child({ component: 'slack' });
  const logger = toBoltLogger(deps.log);
  const client = createSlackWebClient({ token: deps.botToken, apiUrl: deps.apiUrl, logger, overrides: deps.webClientOptions });
  const directory = createApproverDirectory({ client, log });
  const threads = createIncidentThreads({ client, channel: deps.channel, store: deps.store, log, coalesceMs: deps.coalesceMs ?? 2_000 });
  const commandName = deps.commandName ?? '/mendbot';

  let identity: { botId?: string; botUserId?: string } = {};
  const authorize = async () => ({ botToken: deps.botToken, ...identity });
  const clientOptions = { slackApiUrl: deps.apiUrl, retryConfig: defaultSlackRetryConfig, rejectRateLimitedCalls: false, ...deps.webClientOptions };

  const router = express.Router();
  let app: App;
  if (deps.appToken) {
    // Socket Mode: Slack pushes over a WebSocket that start() opens; nothing is served over HTTP.
    const receiver = new SocketModeReceiver({ appToken: deps.appToken, logger });
    app = new App({ receiver, socketMode: true, authorize, logger, clientOptions });
  } else {
    if (!deps.signingSecret) throw new Error('Slack: SLACK_SIGNING_SECRET is required unless SLACK_APP_TOKEN selects Socket Mode');
    // Registered before Bolt's own route for the same path, so it runs first.
    router.post(slackEventsPath, requireFreshTimestamp({ clock: deps.clock, log: deps.log }));
    router.post(slackEventsPath, guardSlackRequest({ signingSecret: deps.signingSecret, commandName, bodyLimitBytes: slackBodyLimitBytes, log: deps.log }));
    const receiver = new ExpressReceiver({
      signingSecret: deps.signingSecret,
      endpoints: slackEventsPath,
      router,
      logger,
      bodyLimit: slackBodyLimitBytes,
      ...createBoltFailureHandlers(deps.log),
    });
    app = new App({ receiver, authorize, logger, clientOptions });
  }
  app.error(async (error) => {
    log.error({ err: error }, 'slack listener failed');
  });
  registerApprovalActions(app, { runs: deps.runs, store: deps.store, client, log: deps.log, syncNow: threads.syncNow });
  registerSlashCommand(app, {
    store: deps.store,
    runs: deps.runs,
    resolver: deps.resolver,
    catalog: deps.catalog,
    clock: deps.clock,
    log: deps.log,
    roles: deps.roles,
    directory,
    commandName,
    wake: deps.wake,
    touch: threads.touch,
  });

  let unsubscribe: (() => void) | undefined;
  return {
    router,
    chat: { post: (message) => threads.post(message) },
    isApprover: (by, approvers) => directory.includes(by, approvers),
    start() {
      if (unsubscribe) return;
      unsubscribe = deps.hub.on((event) => threads.touch(event.type === 'run_changed' ? event.run.incidentId : event.incidentId));
      client.auth
        .test()
        .then((res) => {
          identity = { botId: res.bot_id, botUserId: res.user_id };
          log.info({ team: res.team, botUser: res.user, channel: deps.channel, socketMode: Boolean(deps.appToken) }, 'slack connected');
        })
        .catch((err: unknown) => log.error({ err }, 'slack auth.test failed: check SLACK_BOT_TOKEN (threads and approvals retry on their own)'));
      if (deps.appToken) app.start().catch((err: unknown) => log.error({ err }, 'slack socket mode connection failed'));
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([threads.stop(), grace]);
      if (deps.appToken) await app.stop().catch((err: unknown) => log.warn({ err }, 'slack socket mode did not stop cleanly'));
    },
  };
}
