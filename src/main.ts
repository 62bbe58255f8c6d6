import { systemClock } from './core/clock';
import { createLogger, type Logger } from './telemetry/create-logger';
import { createMetrics } from './telemetry/create-metrics';
import { startHeapSettler } from './telemetry/start-heap-settler';
import { createChatLink } from './wiring/create-chat-link';
import { createIntegrations } from './wiring/create-integrations';
import { createServices } from './wiring/create-services';
import { createShutdown } from './wiring/create-shutdown';
import { createSlackFromConfig } from './wiring/create-slack-from-config';
import { createStoreFromConfig } from './wiring/create-store-from-config';
import type { StartupSettings } from './wiring/load-startup-settings';
import type { PreparsedYaml } from './playbooks/preparse-playbook-yaml';
import { createUiRouter } from './http/ui/create-ui-router';
import { createApiBacktester } from './wiring/create-api-backtester';
import { startHttpServer } from './wiring/start-http-server';
import { startSchedules } from './wiring/start-schedules';

export interface RunningServer {
  port: number;
  log: Logger;
  /** Stop accepting, let in-flight requests finish (up to the shutdown timeout), close the store. */
  shutdown(reason: string): Promise<void>;
}

/**
 * The composition root: wires concrete parts, in order store → integrations → domain services → Slack →
 * HTTP → schedules, from the settings `mendbot serve` read from the environment first (loadStartupSettings:
 * every configuration mistake is reported before anything opens). Each step is a factory in src/wiring/;
 * this function only says what is built from what. `playbookYaml`: the playbook files parsed on a worker
 * thread while this module loaded (preparsePlaybookYaml).
 */
export async function startServer(settings: StartupSettings, playbookYaml?: Promise<PreparsedYaml>): Promise<RunningServer> {
  const { config, postmortemTemplate, correlation, kubernetes } = settings;
  const log = createLogger({ level: config.logLevel });
  const metrics = createMetrics();
  const clock = systemClock;

  const store = await createStoreFromConfig(config);
  const chat = createChatLink(config.slack);
  const { sources, tracker, actions, alertmanager } = createIntegrations({ config, kubernetes, chat: chat.chat, clock, log });
  metrics.knowLabels({ sources: sources.map((s) => s.name), actions: [...actions.names()] });
  const preparsedPlaybooks = await playbookYaml;
  const services = await createServices({ config, store, actions, correlation, clock, log, metrics, isApprover: chat.isApprover, alertmanager, preparsedPlaybooks });
  const slack = await createSlackFromConfig({ slack: config.slack, store, services, clock, log });
  if (slack) chat.bind(slack);

  const backtester = createApiBacktester({ store, catalog: services.catalog, clock });
  const http = await startHttpServer({
    config,
    intake: services.intake,
    commitHealth: services.commitHealth,
    alertmanagerReadiness: services.alertmanagerReadiness,
    sources,
    store,
    runs: services.runs,
    resolver: services.resolver,
    metrics,
    log,
    routers: [
      ...(slack ? [slack.router] : []),
      createUiRouter({ store, runs: services.runs, resolver: services.resolver, hub: services.hub, playbooks: () => services.catalog.list(), apiTokens: config.apiTokens, settings: config.ui, log, clock, alertmanagerUrl: config.alertmanagerApi?.externalUrl, backtester }),
    ],
    backtester,
  });
  services.executor.start();
  slack?.start();
  const reconcileIntervalMs = config.alertmanagerApi?.reconcileIntervalMs;
  const stopSchedules = startSchedules({ store, services, tracker, postmortemTemplate, clock, log, metrics, retention: config.retention, reconcileIntervalMs });
  const mib = (bytes: number) => Math.round(bytes / 1048576);
  const stopHeapSettler = startHeapSettler({
    onSettled: ({ heapBytes: [before, after], trimmed }) => log.info({ heapMiB: { before: mib(before), after: mib(after) }, trimmed }, 'heap settled after load'),
  });
  log.info({ tracker: tracker.name, slack: slack ? (config.slack.appToken ? 'socket mode' : 'http') : 'not configured' }, 'postmortems and chat');

  const shutdown = createShutdown({
    log,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    http,
    executor: services.executor,
    stopSchedules: () => {
      stopHeapSettler();
      return stopSchedules();
    },
    stopServices: () => services.stop(),
    slack,
    store,
  });
  return { port: http.port, log, shutdown };
}
