import type { AlertList } from './alertmanager-api';
import type { AlertmanagerState } from './alertmanager-state';
import { findMissedAlerts, type MissedAlert } from './find-missed-alerts';
import type { ReconciledIncident } from './reconciled-incident';
import { reconciliationNotes, type ReconciliationNote } from './reconciliation-notes';

export interface ReconciliationInput {
  /** Every open incident with its alerts; the rule looks at those holding Alertmanager alerts. */
  incidents: readonly ReconciledIncident[];
  /** What Alertmanager answered this round (alerts merged over the peers that answered). */
  reported: AlertList;
  now: string;
  /** How long none of an incident's alerts may be reported before it is resolved; also how old a missed alert must be. */
  graceMs: number;
  /**
   * An unchanged state is written again (checkedAt renewed, nothing else) once it is this old. Writing on
   * every check would cost one write per open incident per round for no news.
   */
  refreshMs: number;
  /** MissedAlert keys noted in earlier rounds, so each missed alert is noted once while it stays missed. */
  alreadyNoted: ReadonlySet<string>;
}

/** One `store.recordAlertmanagerState` call. */
interface StateWrite {
  incidentId: string;
  state: AlertmanagerState;
  /** refresh: only checkedAt moved (no news: chat is not told). */
  change: 'first_check' | 'went_missing' | 'active_again' | 'refresh' | 'missed_alert';
  note?: ReconciliationNote;
}

interface ReconciliationDecision {
  /** In order; an incident may have several (its state change, then one per newly missed alert). */
  writes: StateWrite[];
  /** Incidents to resolve: missing for at least the grace period, and every peer answered. */
  resolve: Array<{ incidentId: string; missingSince: string }>;
  /** Missed alerts not noted before (each is logged and counted once). */
  newlyMissed: MissedAlert[];
  /** Keys of every alert missed this round: what to remember (a recovered one is forgotten, so a recurrence is noted again). */
  missedKeys: string[];
}

/**
 * Compares the open incidents with what Alertmanager reports. An incident is active while any peer reports
 * one of its Alertmanager alerts (any fingerprint it ever stored) or a missed alert that belongs to it.
 * Absence is believed only when every configured peer answered: a peer that did not answer may be the one
 * that still has the alert. So a partial answer can turn incidents active, never missing, and resolves
 * nothing. Only incidents whose firing alerts all come from Alertmanager are resolved (a firing PagerDuty
 * alert is not Alertmanager's to end).
 */
export function decideReconciliation(input: ReconciliationInput): ReconciliationDecision {
  const complete = input.reported.unanswered.length === 0;
  const reportedFingerprints = new Set(input.reported.alerts.map((a) => a.fingerprint));
  const missed = findMissedAlerts({ incidents: input.incidents, reported: input.reported.alerts, now: input.now, graceMs: input.graceMs });
  const now = Date.parse(input.now);
  const decision: ReconciliationDecision = { writes: [], resolve: [], newlyMissed: missed.filter((m) => !input.alreadyNoted.has(m.key)), missedKeys: missed.map((m) => m.key) };

  for (const incident of input.incidents) {
    const fingerprints = [...new Set(incident.alerts.filter((a) => a.source === 'alertmanager').map((a) => a.fingerprint))];
    const ownMissed = missed.filter((m) => m.incidentId === incident.id);
    const firesFromAlertmanager = incident.alerts.some((a) => a.source === 'alertmanager' && a.status === 'firing');
    if (!firesFromAlertmanager && ownMissed.length === 0) continue;

    const previous = incident.alertmanager ?? null;
    const isStale = previous !== null && now - Date.parse(previous.checkedAt) >= input.refreshMs;
    const write = (state: AlertmanagerState, change: StateWrite['change'], note?: ReconciliationNote) =>
      decision.writes.push({ incidentId: incident.id, state, change, ...(note ? { note } : {}) });

    if (ownMissed.length > 0 || fingerprints.some((f) => reportedFingerprints.has(f))) {
      const fresh: AlertmanagerState = { active: true, checkedAt: input.now, missingSince: null };
      let state = previous ?? fresh;
      if (previous === null) write(fresh, 'first_check');
      else if (!previous.active) write((state = fresh), 'active_again', reconciliationNotes.activeAgain(input.now, fingerprints));
      else if (isStale) write((state = fresh), 'refresh');
      // Each note goes with the state it leaves behind (unchanged when nothing else changed).
      for (const m of ownMissed) if (!input.alreadyNoted.has(m.key)) write(state, 'missed_alert', reconciliationNotes.missedAlert(input.now, m));
      continue;
    }
    if (!complete) continue;
    let state: AlertmanagerState;
    if (previous === null || previous.active) {
      write((state = { active: false, checkedAt: input.now, missingSince: input.now }), 'went_missing', reconciliationNotes.wentMissing(input.now, fingerprints, input.graceMs));
    } else if (isStale) write((state = { ...previous, checkedAt: input.now }), 'refresh');
    else state = previous;
    const missingSince = state.missingSince ?? state.checkedAt;
    const onlyAlertmanagerFires = incident.alerts.every((a) => a.status !== 'firing' || a.source === 'alertmanager');
    if (onlyAlertmanagerFires && now - Date.parse(missingSince) >= input.graceMs) decision.resolve.push({ incidentId: incident.id, missingSince });
  }
  return decision;
}
