import type { Server } from 'node:http';
import type express from 'express';
import type { Config } from '../config/config';
import type { Backtester } from '../backtest/create-backtester';
import { createApp } from '../http/create-app';
import type { AlertSource } from '../intake/alert-source';
import type { Intake } from '../intake/create-intake';
import type { AlertmanagerReadiness } from '../reconciliation/create-alertmanager-reconciliation';
import type { IncidentResolver } from '../runs/create-incident-resolver';
import type { RunService } from '../runs/create-run-service';
import type { Store } from '../store/store';
import type { CommitHealth } from '../telemetry/create-commit-health';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';

export interface HttpServer {
  /** The port actually bound (PORT=0 picks one). */
  port: number;
  /** From now on every new request gets 503 SHUTTING_DOWN. */
  refuseNewRequests(): void;
  /** Stops listening and resolves once the requests in flight have been answered. */
  drain(): Promise<void>;
  /** Drops whatever connections are still open (after the shutdown timeout). */
  closeAllConnections(): void;
}

export interface HttpServerDeps {
  config: Readonly<Config>;
  intake: Intake;
  sources: AlertSource[];
  store: Store;
  runs: RunService;
  resolver: IncidentResolver;
  /** Commit outcomes for /readyz. */
  commitHealth?: CommitHealth;
  /** The Alertmanager detail of /readyz (absent without ALERTMANAGER_URL). */
  alertmanagerReadiness?: () => AlertmanagerReadiness | 'reconciliation off';
  metrics: Metrics;
  log: Logger;
  /** Routers integrations bring (Slack's events endpoint). */
  routers: express.Router[];
  /** Serves POST /api/playbooks/:name/backtest (absent: the route is not mounted). */
  backtester?: Backtester;
}

/** Builds the app, starts listening on MENDBOT_HOST:PORT and logs where and how it accepts webhooks. */
export async function startHttpServer(deps: HttpServerDeps): Promise<HttpServer> {
  const { config, log } = deps;
  let shuttingDown = false;
  const app = createApp({
    intake: deps.intake,
    sources: deps.sources,
    store: deps.store,
    metrics: deps.metrics,
    log,
    bodyLimitBytes: config.bodyLimitBytes,
    isShuttingDown: () => shuttingDown,
    runs: deps.runs,
    resolver: deps.resolver,
    commitHealth: deps.commitHealth,
    alertmanagerReadiness: deps.alertmanagerReadiness,
    apiTokens: config.apiTokens,
    routers: deps.routers,
    backtester: deps.backtester,
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(
    {
      port,
      host: config.host,
      store: config.mongodbUri !== undefined ? 'mongodb' : 'sqlite',
      dataDir: config.dataDir,
      alertmanagerAuth: config.alertmanager.token ? 'bearer' : config.alertmanager.basicAuth ? 'basic' : 'loopback-only',
      pagerdutyAuth: config.pagerduty.webhookSecrets.length > 0 ? 'hmac' : 'loopback-only',
    },
    'listening',
  );

  return {
    port,
    refuseNewRequests() {
      shuttingDown = true;
    },
    async drain() {
      // Keep accepting for a moment: requests already queued in the kernel get a 503 SHUTTING_DOWN
      // (senders retry) instead of a connection reset, and load balancers see the endpoint go away.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets become idle as their in-flight responses finish; close them as they do.
      const reaper = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      await closed;
      clearInterval(reaper);
    },
    closeAllConnections() {
      server.closeAllConnections();
    },
  };
}
