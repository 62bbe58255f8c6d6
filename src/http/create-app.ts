import type { Server } from 'node:http';
import express from 'express';
import { legacyTokenEntry, legacyTokenName, type ApiTokenEntry } from '../config/api-token-entry';
import { ErrorCode, MendbotError } from '../core/errors';
import type { Backtester } from '../backtest/create-backtester';
import type { AlertSource } from '../intake/alert-source';
import type { Intake } from '../intake/create-intake';
import type { AlertmanagerReadiness } from '../reconciliation/create-alertmanager-reconciliation';
import type { Store } from '../store/store';
import type { CommitHealth } from '../telemetry/create-commit-health';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import type { IncidentResolver } from '../runs/create-incident-resolver';
import { recordedBy, type RunService } from '../runs/create-run-service';
import { createApiGuard } from './create-api-guard';
import { actorFor } from './actor-for';
import { apiCallerOf } from './api-caller-of';
import { createApiRouter } from './create-api-router';
import { createBacktestRouter } from './create-backtest-router';
import { createIncidentActionsRouter } from './create-incident-actions-router';
import { createHttpServer } from './create-http-server';
import { createRunsRouter } from './create-runs-router';
import { createWebhookFastPath, type WebhookFastPath } from './create-webhook-fast-path';
import { createWebhookRouter } from './create-webhook-router';
import { sendError } from './send-error';

export interface AppDeps {
  intake: Intake;
  sources: AlertSource[];
  store: Store;
  metrics: Metrics;
  log: Logger;
  bodyLimitBytes: number;
  /** True once SIGTERM arrived: new requests get 503 SHUTTING_DOWN while in-flight ones finish. */
  isShuttingDown?: () => boolean;
  /** Approvals and pause/resume; without it those routes are absent (intake-only deployments, tests). */
  runs?: RunService;
  /** Playbook backtests (POST /api/playbooks/:name/backtest); without it that route is absent. */
  backtester?: Backtester;
  /** Manual resolve (POST /api/incidents/:id/resolve); without it that route is absent. */
  resolver?: IncidentResolver;
  /** Commit outcomes of intake; with it /readyz answers 503 while commits fail (see createCommitHealth). */
  commitHealth?: CommitHealth;
  /**
   * How reconciliation with Alertmanager went, shown as `alertmanager` in the /readyz body (absent without
   * ALERTMANAGER_URL). Detail only: an unreachable Alertmanager never makes mendbot unready, since webhooks
   * and the API still work and taking every replica out of rotation would lose alerts.
   */
  alertmanagerReadiness?: () => AlertmanagerReadiness | 'reconciliation off';
  /**
   * Named API tokens with roles (Config.apiTokens), required by every /api route, reads included. None at
   * all = the API serves true loopback clients only (laptop mode), and a warning is logged.
   */
  apiTokens?: readonly ApiTokenEntry[];
  /** The single token from before roles (MENDBOT_API_TOKEN): an admin named `default`, added to apiTokens. */
  apiToken?: string;
  /**
   * Routers integrations bring (Slack's Bolt receiver at /slack/events). Mounted before any body parser:
   * they read the raw body themselves (signatures are over the exact bytes).
   */
  routers?: express.Router[];
}

/** Builds the express app; never listens and never reads the environment (main.ts does both). */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    if (deps.isShuttingDown?.()) {
      res.setHeader('Connection', 'close');
      return sendError(res, new MendbotError(ErrorCode.ShuttingDown, 'mendbot is shutting down; retry against another replica'));
    }
    next();
  });

  for (const router of deps.routers ?? []) app.use(router);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    try {
      await deps.store.ping();
    } catch (error) {
      deps.metrics.storeErrors.inc({ operation: 'ping' });
      deps.log.warn({ err: error }, 'readiness check failed: store unreachable');
      return sendError(res, new MendbotError(ErrorCode.StoreUnavailable, 'store unreachable', { cause: error }));
    }
    try {
      // Reads work on a full disk: after failed commits, ready means a commit succeeded again.
      await deps.commitHealth?.verify(() => deps.store.checkCommit());
      res.json({ status: 'ready', ...(deps.alertmanagerReadiness ? { alertmanager: deps.alertmanagerReadiness() } : {}) });
    } catch (error) {
      deps.metrics.storeErrors.inc({ operation: 'check_commit' });
      deps.log.warn({ err: error }, 'readiness check failed: the store cannot commit');
      sendError(res, error);
    }
  });

  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  app.use(createWebhookRouter(deps));
  const apiTokens = withLegacyToken(deps.apiTokens ?? [], deps.apiToken);
  if (apiTokens.length === 0) {
    deps.log.warn(
      { apiAuth: 'loopback-only' },
      'NO API TOKEN CONFIGURED: /api answers loopback clients (127.0.0.1, ::1) only, as admin. Fine on a laptop; anywhere else set MENDBOT_API_TOKENS or MENDBOT_API_TOKENS_FILE',
    );
  }
  app.use(createApiGuard({ tokens: apiTokens, log: deps.log }));
  app.use(createApiRouter(deps));
  if (deps.runs) app.use(createRunsRouter({ store: deps.store, runs: deps.runs }));
  if (deps.backtester) app.use(createBacktestRouter({ backtester: deps.backtester }));
  if (deps.resolver) {
    // Recorded as the token (or the person an admin token acts for), never as a `by` an operator typed.
    const actorOf = (req: express.Request, res: express.Response) => recordedBy(actorFor(apiCallerOf(res), (req.body ?? {}) as Record<string, unknown>));
    app.use(createIncidentActionsRouter({ resolver: deps.resolver, actorOf }));
  }

  app.use((req, res) => {
    sendError(res, new MendbotError(ErrorCode.NotFound, `no route ${req.method} ${req.path}`));
  });
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const e = sendError(res, error);
    if (e.status >= 500) deps.log.error({ err: error }, 'request failed');
  });
  // main.ts and the tests start the app with app.listen(): building that server here means every server
  // mendbot runs answers unparsable requests (an over-long URL…) with the documented JSON too, and takes
  // plain webhook deliveries on the fast path before express (express still serves every other request).
  app.listen = listenWithJsonClientErrors(app, createWebhookFastPath(deps));
  return app;
}

/** The legacy token joins the list as admin `default`, unless the list (from Config) already holds it. */
function withLegacyToken(tokens: readonly ApiTokenEntry[], legacy: string | undefined): readonly ApiTokenEntry[] {
  if (legacy === undefined || legacy === '' || tokens.some((t) => t.name === legacyTokenName)) return tokens;
  return [...tokens, legacyTokenEntry(legacy)];
}

/** express's own app.listen (same arguments, same callback-on-error behaviour) on a createHttpServer server. */
function listenWithJsonClientErrors(app: express.Express, fastPath: WebhookFastPath): express.Express['listen'] {
  return ((...args: unknown[]) => {
    const server = createHttpServer((req, res) => {
      if (!fastPath(req, res)) app(req, res);
    });
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      let called = false;
      const done = (...callbackArgs: unknown[]) => {
        if (called) return;
        called = true;
        (last as (...a: unknown[]) => void)(...callbackArgs);
      };
      args[args.length - 1] = done;
      server.once('error', done);
    }
    return (server.listen as (...a: unknown[]) => Server).apply(server, args);
  }) as express.Express['listen'];
}
