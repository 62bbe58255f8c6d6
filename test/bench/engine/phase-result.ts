/** What each phase of the engine benchmark reports (written to the results file as is). */

export interface Latency {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface PhaseResult {
  name: 'baseline' | 'engine';
  playbookMatcher: string;
  requests: number;
  alerts: number;
  non200: number;
  /** The first failure, if any (status and body, or the connection error). */
  firstError?: string;
  achievedAlertsPerSec: number;
  ackLatencyMs: Latency;
  /** Client diagnostics: how late requests were issued (should stay ~0) and latency from issue instead of due. */
  clientDispatchLagMs: Latency;
  ackFromSendMs: Latency;
  /** Server side, from /metrics mendbot_webhook_duration_seconds over the measured load (bucket-interpolated). */
  serverWebhookMs: { p50: number; p99: number; mean: number };
}

export interface EngineResult extends PhaseResult {
  runsExpected: number;
  runsFound: number;
  runStatuses: Record<string, number>;
  /** p99BySecondOfLoad: the server-side p99 of the runs created in each second of the load (null: none). */
  alertToFirstStepMs: { server: Latency; endToEnd: Latency; p99BySecondOfLoad: Array<number | null> };
  metricsHistogram: {
    observations: number;
    p50Ms: number;
    p90Ms: number;
    p99Ms: number;
    shareAtOrBelow50Ms: number;
    /** The largest finite bucket bound (ms): a quantile equal to it means "at least this" (+Inf bucket). */
    lastFiniteBoundMs: number;
    meanMs: number;
    buckets: Array<{ le: number; count: number }>;
  };
  runsPerSec: { duringLoad: number; overall: number };
  backlogAtLoadEnd: number;
  drainMsAfterLoadEnd: number;
  /** True if runs were still unfinished after BENCH_DRAIN_TIMEOUT: every latency figure is then a lower bound. */
  drainTimedOut: boolean;
  runsNotStartedAtTimeout: number;
}
