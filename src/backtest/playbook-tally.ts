import type { Run } from '../core/runs/run';
import type { PlaybookBacktest } from './backtest-report';
import { guardrailOfRun } from './guardrail-of-run';

const guardrails = ['budget', 'cooldown', 'locked', 'paused', 'kill_switch', 'resolved'];
const targetSample = 20;
// Distinct targets are kept up to this many (memory stays bounded); past it, a target not kept is counted
// again each time it recurs, so the count is then an upper bound.
const targetCap = 100_000;

const zeros = (): Record<string, number> => Object.fromEntries(guardrails.map((g) => [g, 0]));

/** The running counts of one playbook during a backtest. */
export class PlaybookTally {
  alertsMatched = 0;
  wouldStart = 0;
  lockWaits = 0;
  invalidParams = 0;
  alreadyRan = 0;
  readonly held = zeros();
  private readonly incidents = new Set<string>();
  private readonly targets = new Set<string>();
  private targetsSeen = 0;
  private readonly actual = { runs: 0, started: 0, held: zeros(), byStatus: {} as Record<string, number> };

  constructor(
    readonly playbook: string,
    readonly mode: string,
  ) {}

  matched(incidentId: string): void {
    this.alertsMatched++;
    this.incidents.add(incidentId);
  }

  started(target: string | null, waitedForLock: boolean): void {
    this.wouldStart++;
    if (waitedForLock) this.lockWaits++;
    if (target !== null && !this.targets.has(target)) {
      this.targetsSeen++;
      if (this.targets.size < targetCap) this.targets.add(target);
    }
  }

  heldBy(guardrail: string): void {
    this.held[guardrail] = (this.held[guardrail] ?? 0) + 1;
  }

  /** A stored run of this playbook created by an alert in the window: what actually happened. */
  ran(run: Run): void {
    const a = this.actual;
    a.runs++;
    if (run.startedAt !== null) a.started++;
    a.byStatus[run.status] = (a.byStatus[run.status] ?? 0) + 1;
    const guardrail = guardrailOfRun(run);
    if (guardrail !== null) a.held[guardrail] = (a.held[guardrail] ?? 0) + 1;
  }

  report(): PlaybookBacktest {
    return {
      playbook: this.playbook,
      mode: this.mode,
      alertsMatched: this.alertsMatched,
      incidentsMatched: this.incidents.size,
      wouldStart: this.wouldStart,
      held: { ...this.held },
      lockWaits: this.lockWaits,
      invalidParams: this.invalidParams,
      alreadyRan: this.alreadyRan,
      targets: { count: this.targetsSeen, sample: [...this.targets].slice(0, targetSample) },
      actual: { ...this.actual, held: { ...this.actual.held }, byStatus: { ...this.actual.byStatus } },
      difference: this.wouldStart - this.actual.started,
    };
  }
}
