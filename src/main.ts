import type { Server } from 'node:http';
import { compileCorrelationTemplate, type CorrelationTemplate } from './core/alerts/compile-correlation-template';
import { systemClock } from './core/clock';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/load-config';
import { createApp } from './http/create-app';
import { createIntake } from './intake/create-intake';
import { createSqliteStore } from './store/sqlite/create-sqlite-store';
import { createMongoStore } from './store/mongodb/create-mongo-store';
import { scheduleJobs } from './scheduling/schedule-jobs';
import type { Store } from './store/store';
import { createLogger, type Logger } from './telemetry/create-logger';
import { createMetrics } from './telemetry/create-metrics';
import { createAlertmanagerSource } from '../integrations/alertmanager/create-alertmanager-source';
import { createExecAction } from '../integrations/exec/create-exec-action';
import { createHttpAction } from '../integrations/http/create-http-action';
import { createPagerDutySource } from '../integrations/pagerduty/create-pagerduty-source';
import { createPrometheusCheckAction } from '../integrations/prometheus/create-prometheus-check-action';
import fs from 'node:fs';
import { createKubernetesClient } from '../integrations/kubernetes/create-kubernetes-client';
import { createKubernetesCordonNodeAction } from '../integrations/kubernetes/create-kubernetes-cordon-node-action';
import { createKubernetesDeletePodAction } from '../integrations/kubernetes/create-kubernetes-delete-pod-action';
import { createKubernetesRolloutRestartAction } from '../integrations/kubernetes/create-kubernetes-rollout-restart-action';
import { createKubernetesScaleAction } from '../integrations/kubernetes/create-kubernetes-scale-action';
import { loadKubernetesConfig } from '../integrations/kubernetes/load-kubernetes-config';
import { createPagerDutyEventsClient } from '../integrations/pagerduty-events/create-pagerduty-events-client';
import { createPagerDutyTriggerAction } from '../integrations/pagerduty-events/create-pagerduty-trigger-action';
import { createPagerDutyUpdateAction } from '../integrations/pagerduty-events/create-pagerduty-update-action';
import { createGitHubTracker } from '../integrations/github/create-github-tracker';
import { createJiraTracker } from '../integrations/jira/create-jira-tracker';
import { createMarkdownTracker } from './postmortems/create-markdown-tracker';
import { processDuePostmortems } from './postmortems/process-due-postmortems';
import { loadPostmortemTemplate } from './postmortems/load-postmortem-template';
import type { Tracker } from './core/postmortems/tracker';
import { createApprovalAction } from './engine/actions/approval-action';
import { createNotifyAction } from './engine/actions/notify-action';
import { createSlackIntegration, type SlackIntegration } from '../integrations/slack/create-slack-integration';
import { createWaitAction } from './engine/actions/wait-action';
import { createActionRegistry } from './engine/create-action-registry';
import { createExecutor } from './engine/create-executor';
import { createPlaybookCatalog } from './playbooks/create-playbook-catalog';
import { createRunPlanner } from './runs/create-run-planner';
import { createRunService } from './runs/create-run-service';
import { expireApprovals } from './runs/expire-approvals';
import { createEventHub } from './events/event-hub';
import type { Silence } from './store/store';

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
  // Checked before anything is opened: a bad template is a configuration error, not a failure later.
  const postmortemTemplate = loadPostmortemTemplate(config.postmortemTemplate);

  // MongoDB for several replicas; otherwise the embedded SQLite file. A MongoDB that is down at start-up
  // does not stop the process: /readyz and the webhooks answer 503 until it is reachable.
  const store: Store =
    config.mongodbUri !== undefined
      ? await createMongoStore({ uri: config.mongodbUri })
      : createSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
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
  let kubernetes;
  try {
    const connection = await loadKubernetesConfig({ env, readFile: (f) => fs.promises.readFile(f), kubeconfigPath: config.kubeconfig });
    kubernetes = connection && createKubernetesClient(connection);
  } catch (error) {
    await store.close();
    throw new ConfigError([`MENDBOT_KUBECONFIG: ${(error as Error).message}`]);
  }
  // Postmortems go to GitHub or Jira when configured (config refuses half-configured ones), else Markdown files.
  const { github, jira } = config;
  const tracker: Tracker =
    github.token && github.repository
      ? createGitHubTracker({ token: github.token, repository: github.repository, apiUrl: github.apiUrl, log })
      : jira.baseUrl && jira.email && jira.apiToken && jira.projectKey
        ? createJiraTracker({ baseUrl: jira.baseUrl, email: jira.email, apiToken: jira.apiToken, projectKey: jira.projectKey })
        : createMarkdownTracker({ dir: config.postmortemDir });
  const pagerduty = createPagerDutyEventsClient({ eventsUrl: config.pagerduty.eventsUrl });
  const routingKey = config.pagerduty.routingKey;
  // Slack, the run service and the executor refer to each other: `slack` is bound once everything exists.
  const slackEnabled =
    config.slack.botToken !== undefined &&
    config.slack.channel !== undefined &&
    (config.slack.signingSecret !== undefined || config.slack.appToken !== undefined);
  let slack: SlackIntegration | undefined;
  const actions = createActionRegistry([
    createKubernetesRolloutRestartAction({ client: kubernetes }),
    createKubernetesScaleAction({ client: kubernetes }),
    createKubernetesDeletePodAction({ client: kubernetes }),
    createKubernetesCordonNodeAction({ client: kubernetes }),
    createPagerDutyTriggerAction({ client: pagerduty, routingKey }),
    createPagerDutyTriggerAction({ client: pagerduty, routingKey, name: 'pagerduty.escalate' }),
    createPagerDutyUpdateAction({ client: pagerduty, routingKey, eventAction: 'acknowledge' }),
    createPagerDutyUpdateAction({ client: pagerduty, routingKey, eventAction: 'resolve' }),
    createHttpAction({ allowedHosts: [...config.http.allowedHosts] }),
    createExecAction({ allowlist: [...config.exec.allowlist] }),
    createPrometheusCheckAction({ baseUrl: config.prometheusUrl, clock: systemClock }),
    createWaitAction({}),
    createNotifyAction({ log, chat: slackEnabled ? { post: (m) => slack!.chat.post(m) } : undefined }),
    createApprovalAction(),
  ]);
  const catalog = createPlaybookCatalog({
    dir: config.playbooksDir,
    log,
    watch: true,
    onChange: () => metrics.playbooksStale.set(catalog.lastGoodKept().length),
  });
  for (const problem of catalog.problems()) log.error({ file: problem.file, line: problem.line }, `playbook problem: ${problem.message}`);
  metrics.playbooksStale.set(catalog.lastGoodKept().length);
  log.info({ kubernetes: kubernetes ? 'configured' : 'not configured', pagerdutyEvents: routingKey ? 'configured' : 'not configured' }, 'integrations');
  log.info({ playbooks: catalog.list().map((p) => `${p.playbook.name} (${p.playbook.mode})`) }, 'playbooks loaded');

  const hub = createEventHub((error, event) => log.error({ err: error, event: event.type }, 'event listener failed'));
  const onRunChange = (run: import('./core/runs/run').Run) => hub.emit({ type: 'run_changed', run });
  // The planner runs inside the store's synchronous write, so it reads silences from a cache kept fresh here.
  let silences: Silence[] = [];
  const refreshSilences = async () => {
    silences = await store.listSilences(systemClock.now().toISOString());
  };
  await refreshSilences();
  const silenceRefresh = setInterval(() => void refreshSilences().catch((error: unknown) => log.warn({ err: error }, 'could not refresh silences')), 1000);
  silenceRefresh.unref();

  const executor = createExecutor({
    onRunChange,
    store,
    actions,
    clock: systemClock,
    log,
    metrics,
    leaseMs: config.runLeaseMs,
    concurrency: config.executorConcurrency,
  });
  const runs = createRunService({
    store,
    clock: systemClock,
    wake: () => executor.wake(),
    onRunChange,
    metrics,
    isApprover: (by, approvers) => (slack ? slack.isApprover(by, approvers) : Promise.resolve(approvers.includes(by))),
  });
  if (slackEnabled) {
    slack = createSlackIntegration({
      botToken: config.slack.botToken!,
      signingSecret: config.slack.signingSecret,
      appToken: config.slack.appToken,
      apiUrl: config.slack.apiUrl,
      channel: config.slack.channel!,
      commandName: config.slack.commandName,
      roles: config.slack.roles,
      store,
      runs,
      catalog,
      hub,
      clock: systemClock,
      log,
      wake: () => executor.wake(),
    });
  }
  const intake = createIntake({
    store,
    clock: systemClock,
    log,
    metrics,
    policy: { ...config.lifecycle, postmortemSettleMs: config.postmortemSettleMs },
    correlation,
    planner: createRunPlanner({ playbooks: () => catalog.list(), silences: () => silences }),
    afterCommit: (outcome) => {
      if (outcome.runsCreated) executor.wake();
      for (const id of new Set(outcome.decisions.map((d) => d.incidentId).filter((i): i is string => i !== undefined))) {
        hub.emit({ type: 'incident_changed', incidentId: id });
      }
    },
  });
  let shuttingDown = false;
  const app = createApp({
    intake,
    sources,
    store,
    metrics,
    log,
    bodyLimitBytes: config.bodyLimitBytes,
    isShuttingDown: () => shuttingDown,
    runs,
    apiToken: config.apiToken,
    routers: slack ? [slack.router] : [],
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

  executor.start();
  slack?.start();
  // Time-driven work is plain functions that cron merely calls (STYLE.md habit 7).
  const stopJobs = scheduleJobs({ store, clock: systemClock, log, owner: executor.owner }, [
    {
      name: 'approval-expiry',
      schedule: '*/10 * * * * *',
      run: () => expireApprovals({ store, clock: systemClock, log, wake: () => executor.wake(), onRunChange, metrics }),
    },
    {
      name: 'postmortems',
      schedule: '*/15 * * * * *',
      run: () =>
        processDuePostmortems({
          store,
          tracker,
          clock: systemClock,
          log,
          owner: executor.owner,
          template: postmortemTemplate,
          onFiled: (incidentId, ticket) => hub.emit({ type: 'postmortem_filed', incidentId, ticket }),
        }),
    },
  ]);
  log.info({ tracker: tracker.name, slack: slack ? (config.slack.appToken ? 'socket mode' : 'http') : 'not configured' }, 'postmortems and chat');

  let closing: Promise<void> | undefined;
  return {
    port,
    log,
    shutdown(reason) {
      closing ??= (async () => {
        log.info({ reason }, 'shutting down: no new requests, finishing in-flight ones');
        shuttingDown = true;
        await stopJobs();
        clearInterval(silenceRefresh);
        catalog.close();
        const httpDrained = (async () => {
          // Keep accepting for a moment: requests already queued in the kernel get a 503 SHUTTING_DOWN
          // (senders retry) instead of a connection reset, and load balancers see the endpoint go away.
          await new Promise((resolve) => setTimeout(resolve, 500));
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          // Keep-alive sockets become idle as their in-flight responses finish; close them as they do.
          const reaper = setInterval(() => server.closeIdleConnections(), 100);
          server.closeIdleConnections();
          await closed;
          clearInterval(reaper);
        })();
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref());
        await Promise.race([Promise.all([httpDrained, executor.stop(Math.max(0, config.shutdownTimeoutMs - 5_000))]), timeout]);
        server.closeAllConnections();
        await slack?.stop();
        await store.close();
        log.info('stopped');
      })();
      return closing;
    },
  };
}
