import type { Controls } from '../core/runs/controls';
import { guardFacts } from '../core/runs/guard-facts';
import type { Run } from '../core/runs/run';
import { admitRun } from '../engine/admit-run';
import type { SimulatedHistory } from './simulated-history';

type SimulatedClaim = { kind: 'started'; atMs: number; waitedForLock: boolean } | { kind: 'held'; guardrail: string };

/**
 * The executor's claim of a new run, as the store would decide it (guardFacts + admitRun, the same
 * functions claimRun applies) but against the simulated history. The claim is taken to happen when the
 * delivery committed (the executor is woken then). A deferral by a held lock (lock_policy wait) moves the
 * claim to when the lock is let go and asks again; a deferral by the kill switch or a pause holds the run
 * for good (the controls are today's, so nothing in the window would lift them).
 */
export function simulateClaim(
  run: Run,
  at: { nowMs: number; controls: Controls; incidentStatus: 'open' | 'resolved'; runDurationMs: number },
  history: SimulatedHistory,
): SimulatedClaim {
  let nowMs = at.nowMs;
  let waitedForLock = false;
  // Each retry starts after the previous holder let go, so this ends; the bound is a guard against a bug.
  for (let attempt = 0; attempt < 1000; attempt++) {
    const holder = history.lockHolder(run.lockKey, nowMs);
    const facts = guardFacts(run, {
      controls: at.controls,
      startedLastHour: history.startedLastHour(run.playbook, nowMs),
      lastStartForCorrelation: history.lastStartForCorrelation(run.playbook, run.correlationId),
      lockHolder: holder?.runId ?? null,
      incidentStatus: at.incidentStatus,
    });
    const admission = admitRun(run, facts, new Date(nowMs).toISOString());
    if (admission.kind === 'admit') {
      history.recordStart(run, nowMs, at.runDurationMs);
      return { kind: 'started', atMs: nowMs, waitedForLock };
    }
    if (admission.kind === 'defer' && admission.guardrail === 'locked' && holder) {
      waitedForLock = true;
      nowMs = holder.untilMs;
      continue;
    }
    return { kind: 'held', guardrail: admission.guardrail };
  }
  return { kind: 'held', guardrail: 'locked' };
}
