import { AlertmanagerUnavailableError, type AlertmanagerApi } from '../core/alertmanager/alertmanager-api';
import { firingVerdict } from '../core/alertmanager/firing-verdict';
import type { StoredAlert } from '../core/incidents/incident';
import type { Run } from '../core/runs/run';
import type { Store } from '../store/store';
import type { FiringCheck, FiringCheckResult, FiringVerdictName } from './firing-check';

export interface FiringCheckDeps {
  api: AlertmanagerApi;
  store: Pick<Store, 'getIncident'>;
  /** `mendbot_still_firing_checks_total{verdict}`: every answer counts, unknown ones included. */
  metrics?: { stillFiringChecks: { inc(labels: { verdict: FiringVerdictName }): void } };
}

/**
 * The executor's question before a non-idempotent step: does Alertmanager still report the run's alerts?
 * A per-alert run asks about its alert, a per-incident run about every Alertmanager alert of its incident
 * (firing if any of them is). The fingerprint decides (Alertmanager computes the same one from the label
 * set), and the request is narrowed by alertname so a large Alertmanager is not listed in full.
 */
export function createFiringCheck(deps: FiringCheckDeps): FiringCheck {
  const ask = async (run: Run, signal: AbortSignal): Promise<FiringCheckResult> => {
    let alerts: StoredAlert[] | string;
    try {
      const detail = await deps.store.getIncident(run.incidentId);
      alerts = detail ? runAlerts(run, detail.alerts) : `incident ${run.incidentId} is not in the store`;
    } catch (error) {
      alerts = `could not read the incident's alerts: ${message(error)}`;
    }
    if (typeof alerts === 'string') return { verdict: 'unknown', detail: alerts };
    if (alerts.length === 0) return { verdict: 'not_applicable', detail: 'the run has no Alertmanager alert to ask about' };
    const described = describeAlerts(alerts);
    let list;
    try {
      list = await deps.api.listAlerts(narrowingFilter(alerts), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof AlertmanagerUnavailableError) {
        const peers = error.failures.map((f) => `${f.url}: ${f.error}`).join('; ');
        return { verdict: 'unknown', detail: `no Alertmanager answered (${peers || error.message})` };
      }
      return { verdict: 'unknown', detail: `asking Alertmanager failed: ${message(error)}` };
    }
    const { firing } = firingVerdict(alerts.map((a) => a.fingerprint), list.alerts);
    const silent = list.unanswered.length > 0 ? `; not answering: ${list.unanswered.map((u) => `${u.url} (${u.error})`).join(', ')}` : '';
    if (firing.length > 0) return { verdict: 'firing', detail: `Alertmanager still reports ${firing.length} of ${described}${silent}` };
    return { verdict: 'not_firing', detail: `Alertmanager no longer reports ${described}${silent}` };
  };
  return async (run, signal) => {
    const result = await ask(run, signal);
    deps.metrics?.stillFiringChecks.inc({ verdict: result.verdict });
    return result;
  };
}

/**
 * The run's Alertmanager alerts: its own alert for a per-alert run, else all of the incident's. A per-alert
 * run whose alert is missing is a fact nobody can vouch for: the caller gets "unknown", never "proceed".
 */
function runAlerts(run: Run, alerts: StoredAlert[]): StoredAlert[] | string {
  if (run.alertKey === null) return alerts.filter((a) => a.source === 'alertmanager');
  const own = alerts.find((a) => a.key === run.alertKey);
  if (!own) return `alert ${run.alertKey} is not among incident ${run.incidentId}'s alerts`;
  return own.source === 'alertmanager' ? [own] : [];
}

/** `alertname="X"` when the alerts share one; no filter otherwise (the fingerprints still decide). */
function narrowingFilter(alerts: StoredAlert[]): string[] {
  const names = new Set(alerts.map((a) => a.labels.alertname));
  const [name] = names;
  if (names.size !== 1 || name === undefined) return [];
  // Alertmanager's matcher syntax: a double-quoted value with \\, \" and \n escaped.
  return [`alertname="${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`];
}

function describeAlerts(alerts: StoredAlert[]): string {
  const unique = [...new Map(alerts.map((a) => [a.fingerprint, a])).values()];
  const shown = unique.slice(0, 3).map((a) => `${a.labels.alertname ?? 'alert'} (${a.fingerprint})`);
  const more = unique.length > shown.length ? ` and ${unique.length - shown.length} more` : '';
  return `${unique.length} alert(s): ${shown.join(', ')}${more}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
