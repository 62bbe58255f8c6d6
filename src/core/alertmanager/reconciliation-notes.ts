import type { MissedAlert } from './find-missed-alerts';

/** A timeline entry reconciliation writes (type `reconciliation`), with the state in the same write. */
export interface ReconciliationNote {
  at: string;
  message: string;
  data: Record<string, unknown>;
}

/** Who and why, for the incidents reconciliation resolves (the timeline and the cancelled runs show both). */
export const reconciliationResolve = { by: 'alertmanager reconciliation', reason: 'reconciled: no longer active in Alertmanager' } as const;

/** The timeline entries reconciliation writes: what humans read in `mendbot why` and the incident API. */
export const reconciliationNotes = {
  wentMissing: (at: string, fingerprints: string[], graceMs: number): ReconciliationNote => ({
    at,
    message: `Alertmanager no longer reports the incident's alerts (checked ${at})`,
    data: { fingerprints, missingSince: at, resolvesAfter: new Date(Date.parse(at) + graceMs).toISOString() },
  }),

  activeAgain: (at: string, fingerprints: string[]): ReconciliationNote => ({
    at,
    message: 'Alertmanager reports the alerts active again',
    data: { fingerprints, checkedAt: at },
  }),

  missedAlert: (at: string, alert: MissedAlert): ReconciliationNote => ({
    at,
    message: `Alertmanager reports ${alert.alertname} (${alert.fingerprint}) active, but mendbot never received it: a webhook was lost`,
    data: { fingerprint: alert.fingerprint, labels: alert.labels, startsAt: alert.startsAt, reportedBy: alert.reportedBy },
  }),
};
