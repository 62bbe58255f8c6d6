import { AlertmanagerUnavailableError, type AlertList, type AlertmanagerApi } from '../core/alertmanager/alertmanager-api';
import { decideReconciliation } from '../core/alertmanager/decide-reconciliation';
import type { MissedAlert } from '../core/alertmanager/find-missed-alerts';
import { reconciliationResolve } from '../core/alertmanager/reconciliation-notes';
import type { Clock } from '../core/clock';
import type { EventHub } from '../events/event-hub';
import type { IncidentResolver } from '../runs/create-incident-resolver';
import type { Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import { readOpenIncidents } from './read-open-incidents';

export interface ReconcileDeps {
  store: Pick<Store, 'listIncidents' | 'getIncident' | 'recordAlertmanagerState'>;
  api: Pick<AlertmanagerApi, 'urls' | 'listAlerts'>;
  /** The manual-resolve path: queued runs and pending approvals cancelled, postmortem scheduled, chat told. */
  resolver: IncidentResolver;
  hub: Pick<EventHub, 'emit'>;
  clock: Clock;
  log: Logger;
  metrics: Pick<Metrics, 'alertmanagerUp' | 'reconciliationRounds' | 'reconciliationResolved' | 'reconciliationMissedAlerts' | 'alertmanagerLastSuccess'>;
  /** ALERTMANAGER_RECONCILE_GRACE. */
  graceMs: number;
  /** How old an unchanged state may get before it is written again; default 10 minutes. */
  refreshMs?: number;
}

/** What one round did (logged, kept for /readyz, read by tests). */
export interface ReconciliationRound {
  outcome: 'ok' | 'partial' | 'unavailable';
  /** When Alertmanager answered (or failed to). */
  at: string;
  unanswered: Array<{ url: string; error: string }>;
  /** Incidents whose recorded state changed (chat was told). */
  changed: string[];
  resolved: string[];
  /** Missed alerts noted for the first time this round. */
  missed: MissedAlert[];
}

const defaultRefreshMs = 10 * 60_000;

/**
 * One reconciliation round: read the open incidents, ask Alertmanager once for every active alert, let the
 * core decide (src/core/alertmanager/decide-reconciliation.ts), then apply. `noted` is the process's memory
 * of missed alerts already noted (replaced by this round's), so each lost webhook is noted once. When no
 * peer answers nothing is written or resolved: "could not ask" never counts as "not firing".
 */
export async function reconcileWithAlertmanager(deps: ReconcileDeps, noted: Set<string>): Promise<ReconciliationRound> {
  const { log, metrics } = deps;
  // Incidents first, then Alertmanager: an alert that fires in between is then at worst too young to be
  // called missed, whereas the other order would call a fresh incident's alerts gone.
  const incidents = await readOpenIncidents(deps.store);
  let reported: AlertList;
  try {
    reported = await deps.api.listAlerts([]);
  } catch (error) {
    const unanswered = error instanceof AlertmanagerUnavailableError ? error.failures : deps.api.urls.map((url) => ({ url, error: String(error) }));
    for (const url of deps.api.urls) metrics.alertmanagerUp.set({ url }, 0);
    metrics.reconciliationRounds.inc({ outcome: 'unavailable' });
    log.warn({ unanswered }, 'reconciliation: no Alertmanager answered; nothing resolved, nothing recorded');
    return { outcome: 'unavailable', at: deps.clock.now().toISOString(), unanswered, changed: [], resolved: [], missed: [] };
  }

  const now = deps.clock.now().toISOString();
  const outcome = reported.unanswered.length === 0 ? 'ok' : 'partial';
  const failed = new Set(reported.unanswered.map((u) => u.url));
  for (const url of deps.api.urls) metrics.alertmanagerUp.set({ url }, failed.has(url) ? 0 : 1);
  metrics.reconciliationRounds.inc({ outcome });
  if (outcome === 'ok') metrics.alertmanagerLastSuccess.set(Date.parse(now) / 1000);
  else log.warn({ unanswered: reported.unanswered }, 'reconciliation: some Alertmanagers did not answer; nothing is resolved this round');

  const decision = decideReconciliation({ incidents, reported, now, graceMs: deps.graceMs, refreshMs: deps.refreshMs ?? defaultRefreshMs, alreadyNoted: noted });
  const changed = new Set<string>();
  for (const w of decision.writes) {
    await deps.store.recordAlertmanagerState(w.incidentId, w.state, w.note);
    if (w.change !== 'refresh') changed.add(w.incidentId);
  }
  noted.clear();
  for (const key of decision.missedKeys) noted.add(key);
  for (const m of decision.newlyMissed) {
    metrics.reconciliationMissedAlerts.inc();
    log.warn(
      { fingerprint: m.fingerprint, alertname: m.alertname, labels: m.labels, startsAt: m.startsAt, reportedBy: m.reportedBy, incidentId: m.incidentId },
      'reconciliation: Alertmanager reports an alert active that mendbot never received (a webhook was lost)',
    );
  }
  // Chat refreshes these; resolved incidents are announced by the resolver itself.
  for (const incidentId of changed) deps.hub.emit({ type: 'incident_changed', incidentId });

  const resolved: string[] = [];
  for (const r of decision.resolve) {
    let result;
    try {
      result = await deps.resolver.resolve(r.incidentId, { ...reconciliationResolve });
    } catch (error) {
      // One incident that cannot be resolved now (store hiccup, gone) must not keep the others open.
      log.error({ err: error, incidentId: r.incidentId }, 'reconciliation: could not resolve the incident; next round retries');
      continue;
    }
    if (result.kind !== 'resolved') continue;
    resolved.push(r.incidentId);
    metrics.reconciliationResolved.inc();
    log.info({ incidentId: r.incidentId, missingSince: r.missingSince, runsCancelled: result.runsCancelled }, 'reconciliation: incident resolved, no longer active in Alertmanager');
  }
  return { outcome, at: now, unanswered: reported.unanswered, changed: [...changed], resolved, missed: decision.newlyMissed };
}
