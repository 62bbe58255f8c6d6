import type { Server } from 'node:http';
import { compileCorrelationTemplate, type CorrelationTemplate } from './alerts/compile-correlation-template';
import { systemClock } from './clock';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/load-config';
import { createApp } from './http/create-app';
import { createIntake } from './intake/create-intake';
import { createSqliteStore } from './store/sqlite/create-sqlite-store';
import type { Store } from './store/store';
import { createLogger, type Logger } from './telemetry/create-logger';
import { createMetrics } from './telemetry/create-metrics';
import { createAlertmanagerSource } from '../integrations/alertmanager/create-alertmanager-source';
import { createPagerDutySource } from '../integrations/pagerduty/create-pagerduty-source';

export interface RunningServer {
  port: number;
  log: Logger;
  /** Stop accepting, let in-flight requests finish (up to the shutdown timeout), close the store. */
  shutdown(reason: string): Promise<void>;
}

/**
 * The composition root: the only place that reads the environment and wires concrete parts
 * (config → logger → store → integrations → intake → app → listen).
 */
export async function startServer(env: Record<string, string | undefined>): Promise<RunningServer> {
  const config = loadConfig(env);
  const log = createLogger({ level: config.logLevel });
  const metrics = createMetrics();

  if (config.mongodbUri !== undefined) {
    throw new ConfigError([
      'MONGODB_URI: the MongoDB store is not part of this release yet (see the MongoDB issue); unset MONGODB_URI to use the embedded SQLite store',
    ]);
  }
  const store: Store = createSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
  metrics.setOpenIncidentsCollector(() => store.countOpenIncidents());

  const correlation: Record<string, CorrelationTemplate> = {};
  const problems: string[] = [];
  for (const [source, template] of Object.entries(config.correlation)) {
    if (template === undefined) continue;
    try {
      correlation[source] = compileCorrelationTemplate(template);
    } catch (error) {
      problems.push(`MENDBOT_CORRELATION_${source.toUpperCase()}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    await store.close();
    throw new ConfigError(problems);
  }

  const sources = [
    createAlertmanagerSource(config.alertmanager),
    createPagerDutySource({ webhookSecrets: config.pagerduty.webhookSecrets }),
  ];
  const intake = createIntake({ store, clock: systemClock, log, metrics, policy: config.lifecycle, correlation });
  let shuttingDown = false;
  const app = createApp({
    intake,
    sources,
    store,
    metrics,
    log,
    bodyLimitBytes: config.bodyLimitBytes,
    isShuttingDown: () => shuttingDown,
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
      store: 'sqlite',
      dataDir: config.dataDir,
      alertmanagerAuth: config.alertmanager.token ? 'bearer' : config.alertmanager.basicAuth ? 'basic' : 'loopback-only',
      pagerdutyAuth: config.pagerduty.webhookSecrets.length > 0 ? 'hmac' : 'loopback-only',
    },
    'listening',
  );

  let closing: Promise<void> | undefined;
  return {
    port,
    log,
    shutdown(reason) {
      closing ??= (async () => {
        log.info({ reason }, 'shutting down: no new requests, finishing in-flight ones');
        shuttingDown = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref());
        await Promise.race([closed, timeout]);
        server.closeAllConnections();
        await store.close();
        log.info('stopped');
      })();
      return closing;
    },
  };
}
