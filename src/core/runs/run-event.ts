import type { RunSeed } from './run';

/** A timeline entry about a run (step started/finished, approval, outcome); `data.runId` names the run. */
export interface RunEvent {
  type: 'run_status' | 'step' | 'approval';
  message: string;
  data?: Record<string, unknown>;
}

/** A seed plus timeline entries to record with it (a manual run says who asked for it). */
export type RunSeedWithTimeline = RunSeed & { events?: RunEvent[] };
