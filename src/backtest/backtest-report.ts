/**
 * What `mendbot backtest` and POST /api/playbooks/:name/backtest answer (the JSON of `--format json`).
 * Counts are per playbook; "held" is by guardrail name as admitRun names them (budget, cooldown, locked,
 * paused, kill_switch, resolved).
 */
export interface BacktestReport {
  window: { since: string; until: string };
  /** Deliveries read in the window, and those whose stored body could not be replayed (see `unreadable`). */
  deliveries: number;
  alerts: number;
  unreadable: number;
  /** True when the replay stopped at the delivery cap before the end of the window. */
  truncated: boolean;
  /** The controls applied to every simulated run: the ones in force now, not the ones in force then. */
  controls: { killSwitch: boolean; paused: string[] };
  /** How long a simulated run holds its lock (0: locks never contend). */
  runDurationMs: number;
  playbooks: PlaybookBacktest[];
  elapsedMs: number;
}

export interface PlaybookBacktest {
  playbook: string;
  mode: string;
  /** Alerts the playbook matched (an alert counted once per delivery that planned it). */
  alertsMatched: number;
  incidentsMatched: number;
  /** Runs the current playbook and guardrails would have started in the window. */
  wouldStart: number;
  /** Runs that would have been created but held (cancelled or left waiting) by each guardrail. */
  held: Record<string, number>;
  /** Runs that would have waited for a lock (lock_policy wait) and then started. */
  lockWaits: number;
  /** Runs that would have been created but failed before any step (a label breaking a param's pattern). */
  invalidParams: number;
  /** Matches whose (incident, playbook, scope) already had a run created before the window: no new run. */
  alreadyRan: number;
  /** What the started runs act on: lock keys (or params when the playbook has no lock), distinct. */
  targets: { count: number; sample: string[] };
  /** What the stored runs of the same incidents say happened (runs created in the window, by alerts). */
  actual: { runs: number; started: number; held: Record<string, number>; byStatus: Record<string, number> };
  /** wouldStart − actual.started: positive means the current playbook would do more than what ran. */
  difference: number;
}
