import type { Config } from '../config/config';
import type { AlertmanagerApi } from '../core/alertmanager/alertmanager-api';
import type { CorrelationTemplate } from '../core/alerts/compile-correlation-template';
import type { Clock } from '../core/clock';
import type { Run } from '../core/runs/run';
import type { ActionRegistry } from '../engine/create-action-registry';
import { createExecutor, type Executor } from '../engine/create-executor';
import { createFiringCheck } from '../engine/create-firing-check';
import { releaseEndedRuns } from '../engine/release-ended-runs';
import { createEventHub, type EventHub } from '../events/event-hub';
import { createIntake, type Intake } from '../intake/create-intake';
import { createPlaybookCatalog, type PlaybookCatalog } from '../playbooks/create-playbook-catalog';
import type { PreparsedYaml } from '../playbooks/preparse-playbook-yaml';
import { createAlertmanagerReconciliation, type AlertmanagerReadiness, type AlertmanagerReconciliation } from '../reconciliation/create-alertmanager-reconciliation';
import { createRunPlanner } from '../runs/create-run-planner';
import { createIncidentResolver, type IncidentResolver } from '../runs/create-incident-resolver';
import { createRunService, type RunService } from '../runs/create-run-service';
import type { Store } from '../store/store';
import { createCommitHealth, type CommitHealth } from '../telemetry/create-commit-health';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import { trackOpenIncidents } from '../telemetry/track-open-incidents';
import { createSilenceCache } from './create-silence-cache';

export interface Services {
  catalog: PlaybookCatalog;
  hub: EventHub;
  executor: Executor;
  runs: RunService;
  /** Manual resolve, shared by the API and the Slack command. */
  resolver: IncidentResolver;
  intake: Intake;
  /** Whether intake's commits succeed (read by /readyz). */
  commitHealth: CommitHealth;
  /** Tells subscribers (chat, postmortems) that a run changed. */
  onRunChange(run: Run): void;
  /** Calls the run-end hooks (a silence expired) of runs that just ended outside the executor (approval expiry). */
  releaseRuns(runIds: string[]): void;
  /** The Alertmanager reconciliation job; absent without ALERTMANAGER_URL or with ALERTMANAGER_RECONCILE_INTERVAL=0. */
  reconciliation?: AlertmanagerReconciliation;
  /** The /readyz detail about Alertmanager; absent without ALERTMANAGER_URL. */
  alertmanagerReadiness?: () => AlertmanagerReadiness | 'reconciliation off';
  /** Stops the background refreshes (silences, playbook file watching). */
  stop(): void;
}

export interface ServiceDeps {
  config: Readonly<Config>;
  store: Store;
  actions: ActionRegistry;
  correlation: Record<string, CorrelationTemplate>;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** Who may decide an approval (Slack resolves user groups). */
  isApprover(by: string, approvers: string[]): Promise<boolean>;
  /** Alertmanager's API (ALERTMANAGER_URL); without it there is no reconciliation. */
  alertmanager?: AlertmanagerApi;
  /** The playbooks' YAML, parsed on a worker thread while mendbot loaded (for the first load). */
  preparsedPlaybooks?: PreparsedYaml;
}

const openIncidentsResyncMs = 60_000;

/** The domain services over the store: playbooks, events, the executor, the run service and intake. */
export async function createServices(deps: ServiceDeps): Promise<Services> {
  const { config, store, clock, log, metrics } = deps;
  // The open-incidents gauge follows commits instead of counting at each scrape. Other replicas' changes
  // (MongoDB) are invisible here, so there it is re-counted every minute, off the scrape path.
  const openIncidents = trackOpenIncidents({
    metrics,
    count: () => store.countOpenIncidents(),
    intervalMs: openIncidentsResyncMs,
    resyncAlways: config.mongodbUri !== undefined,
  });
  // Not awaited: a store that is not up yet (MongoDB starting) must not hold start-up; NaN until counted.
  void openIncidents.sync();

  // At start-up and after every change of the playbook directory.
  const recordPlaybookMetrics = () => {
    metrics.playbooksStale.set(catalog.lastGoodKept().length);
    metrics.knowLabels({ playbooks: catalog.list().map((p) => p.playbook.name) });
  };
  // The checks `mendbot validate` runs, with the deployment's actions and exec allowlist: a playbook that would
  // fail at run time is refused at load. Secrets are left out: they are read at each run and may be mounted later.
  const checks = { actions: deps.actions, execAllowlist: config.exec.allowlist };
  const catalog = createPlaybookCatalog({ dir: config.playbooksDir, log, watch: true, onChange: recordPlaybookMetrics, checks, preparsed: deps.preparsedPlaybooks });
  // The catalog has logged each problem once, with its file:line:column; here only what is in force and how.
  recordPlaybookMetrics();
  log.info({ playbooks: catalog.list().map((p) => `${p.playbook.name} (${p.playbook.mode})`) }, 'playbooks in force');

  const hub = createEventHub((error, event) => log.error({ err: error, event: event.type }, 'event listener failed'));
  const onRunChange = (run: Run) => hub.emit({ type: 'run_changed', run });
  const silences = await createSilenceCache({ store, clock, log });
  // Runs ended by a rejection, an expiry, a resolve or a guardrail never pass the executor's finish.
  const releaseRuns = (runIds: string[]) => void releaseEndedRuns({ store, actions: deps.actions, clock, log }, runIds);

  const executor = createExecutor({
    onRunChange,
    store,
    actions: deps.actions,
    clock,
    log,
    metrics,
    leaseMs: config.runLeaseMs,
    concurrency: config.executorConcurrency,
    // Before a non-idempotent step: is the alert still firing? Only with an Alertmanager to ask.
    ...(deps.alertmanager ? { firingCheck: createFiringCheck({ api: deps.alertmanager, store, metrics }) } : {}),
  });
  const runs = createRunService({ store, clock, wake: () => executor.wake(), onRunChange, metrics, isApprover: deps.isApprover, releaseRuns });
  const policy = { ...config.lifecycle, postmortemSettleMs: config.postmortemSettleMs };
  const resolver = createIncidentResolver({
    store,
    clock,
    policy,
    metrics,
    releaseRuns,
    // Manual and reconciliation resolves both come through here.
    onResolved: (outcome) => {
      openIncidents.resolved();
      hub.emit({ type: 'incident_changed', incidentId: outcome.incidentId });
    },
  });
  const commitHealth = createCommitHealth({ clock });
  const intake = createIntake({
    // Intake only records deliveries; each commit's outcome feeds readiness.
    store: { ...store, recordDelivery: (...args) => commitHealth.track(store.recordDelivery(...args)) },
    clock,
    log,
    metrics,
    policy,
    correlation: deps.correlation,
    planner: createRunPlanner({ playbooks: () => catalog.list(), silences: () => silences.current() }),
    afterCommit: (outcome) => {
      openIncidents.delivered(outcome);
      if (outcome.runsCreated) executor.wake();
      if (outcome.runsCancelled?.length) releaseRuns(outcome.runsCancelled.map((r) => r.runId));
      for (const id of new Set(outcome.decisions.map((d) => d.incidentId).filter((i): i is string => i !== undefined))) {
        hub.emit({ type: 'incident_changed', incidentId: id });
      }
    },
  });

  const amSettings = config.alertmanagerApi;
  const reconciliation =
    deps.alertmanager && amSettings && amSettings.reconcileIntervalMs > 0
      ? createAlertmanagerReconciliation({ store, api: deps.alertmanager, resolver, hub, clock, log, metrics, graceMs: amSettings.reconcileGraceMs })
      : undefined;

  return {
    catalog,
    hub,
    executor,
    runs,
    resolver,
    intake,
    commitHealth,
    onRunChange,
    releaseRuns,
    ...(reconciliation ? { reconciliation } : {}),
    ...(deps.alertmanager ? { alertmanagerReadiness: reconciliation ? () => reconciliation.readiness() : () => 'reconciliation off' as const } : {}),
    stop() {
      silences.stop();
      catalog.close();
      openIncidents.stop();
    },
  };
}
