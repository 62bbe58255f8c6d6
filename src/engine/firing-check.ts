import type { Run } from '../core/runs/run';

/**
 * What Alertmanager says about a run's alerts right now. `not_applicable`: the run has no Alertmanager
 * alert to ask about (a PagerDuty-only incident). `unknown`: nobody could be asked; never read as "not
 * firing" nor as "firing".
 */
export type FiringVerdictName = 'firing' | 'not_firing' | 'unknown' | 'not_applicable';

export interface FiringCheckResult {
  verdict: FiringVerdictName;
  /** For humans: which alerts, who was asked, what failed. */
  detail: string;
}

/**
 * Asks whether the alerts a run acts on still fire (built by createFiringCheck from the Alertmanager API).
 * Rejects only when `signal` aborted; every other failure is an `unknown` verdict.
 */
export type FiringCheck = (run: Run, signal: AbortSignal) => Promise<FiringCheckResult>;
