import type { Server } from 'node:http';
import express from 'express';
import { ErrorCode, MendbotError } from '../core/errors';
import type { AlertSource } from '../intake/alert-source';
import type { Intake } from '../intake/create-intake';
import type { Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import type { RunService } from '../runs/create-run-service';
import { createApiRouter } from './create-api-router';
import { createHttpServer } from './create-http-server';
import { createRunsRouter } from './create-runs-router';
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
  /** MENDBOT_API_TOKEN for mutating API calls; unset = loopback only. */
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
      res.json({ status: 'ready' });
    } catch (error) {
      deps.metrics.storeErrors.inc({ operation: 'ping' });
      deps.log.warn({ err: error }, 'readiness check failed: store unreachable');
      sendError(res, new MendbotError(ErrorCode.StoreUnavailable, 'store unreachable', { cause: error }));
    }
  });

  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  app.use(createWebhookRouter(deps));
  app.use(createApiRouter(deps));
  if (deps.runs) app.use(createRunsRouter({ store: deps.store, runs: deps.runs, apiToken: deps.apiToken }));

  app.use((req, res) => {
    sendError(res, new MendbotError(ErrorCode.NotFound, `no route ${req.method} ${req.path}`));
  });
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const e = sendError(res, error);
    if (e.status >= 500) deps.log.error({ err: error }, 'request failed');
  });
  // main.ts and the tests start the app with app.listen(): building that server here means every server
  // mendbot runs answers unparsable requests (an over-long URL…) with the documented JSON too.
  app.listen = listenWithJsonClientErrors(app);
  return app;
}

/** express's own app.listen (same arguments, same callback-on-error behaviour) on a createHttpServer server. */
function listenWithJsonClientErrors(app: express.Express): express.Express['listen'] {
  return ((...args: unknown[]) => {
    const server = createHttpServer(app);
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
