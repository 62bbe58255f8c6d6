import { reconcileWithAlertmanager, type ReconcileDeps, type ReconciliationRound } from './reconcile-with-alertmanager';

/** What /readyz shows about Alertmanager: how the last round this process ran went. */
export interface AlertmanagerReadiness {
  /** Whether any peer answered the last round; null before the first round. */
  reachable: boolean | null;
  lastRoundAt: string | null;
  /** The last round every configured peer answered (the only kind that may resolve). */
  lastSuccessAt: string | null;
  unanswered: Array<{ url: string; error: string }>;
}

export interface AlertmanagerReconciliation {
  /** One round (the scheduled job calls it, under its job lease). */
  runRound(): Promise<ReconciliationRound>;
  readiness(): AlertmanagerReadiness;
}

/**
 * The reconciliation job and what it remembers between rounds, in this process only: the missed alerts it
 * already noted and how the last round went. With several replicas only the one holding the job lease runs
 * rounds, so the others' readiness shows no round; after a failover the new holder notes a still-missed
 * alert once more.
 */
export function createAlertmanagerReconciliation(deps: ReconcileDeps): AlertmanagerReconciliation {
  const noted = new Set<string>();
  let readiness: AlertmanagerReadiness = { reachable: null, lastRoundAt: null, lastSuccessAt: null, unanswered: [] };
  return {
    async runRound() {
      const round = await reconcileWithAlertmanager(deps, noted);
      readiness = {
        reachable: round.outcome !== 'unavailable',
        lastRoundAt: round.at,
        lastSuccessAt: round.outcome === 'ok' ? round.at : readiness.lastSuccessAt,
        unanswered: round.unanswered,
      };
      return round;
    },
    readiness: () => readiness,
  };
}
