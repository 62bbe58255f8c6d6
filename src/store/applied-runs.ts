/** What applying a delivery's (or a manual resolve's) changes did that only applying could tell: runs created, and cancelled. */
export interface AppliedRuns {
  runsCreated: number;
  runsCancelled: Array<{ runId: string; playbook: string }>;
}
