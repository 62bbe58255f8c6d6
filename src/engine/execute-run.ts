import type { IPolicy } from 'cockatiel';
import type { Clock } from '../core/clock';
import { nextStep } from '../core/runs/next-step';
import { planRecovery } from '../core/runs/plan-recovery';
import type { Run, RunStatus, StepState } from '../core/runs/run';
import { runOutcome } from '../core/runs/run-outcome';
import { settleInterruptedStep } from '../core/runs/settle-interrupted-step';
import { LeaseLostError, type RunEvent, type RunPatch, type Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import type { ActionRegistry } from './create-action-registry';
import { callRunEndHooks } from './call-run-end-hooks';
import { executeStep } from './execute-step';
import type { FiringCheck } from './firing-check';
import { keepRunLease } from './keep-run-lease';
import { stepDefinition } from './run-scope';

/** What one run's execution needs from its executor. */
export interface ExecuteRunDeps {
  store: Store;
  actions: ActionRegistry;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  owner: string;
  leaseMs: number;
  breakerFor(target: string | undefined): IPolicy | undefined;
  /** Aborted when the executor's grace period after stop() is over. */
  shutdown: AbortSignal;
  /** True once the executor stops claiming: runs in hand are released before their next step. */
  stopping(): boolean;
  onRunChange?: (run: Run) => void;
  /** Asks Alertmanager whether the run's alerts still fire (absent: no Alertmanager API configured). */
  firingCheck?: FiringCheck;
}

/**
 * Executes a run this process just claimed, from wherever its stored steps say it is (a fresh run, one
 * resumed after approval, or one taken over from an owner that died), until it is final, waits for
 * approval, or must stop (kill switch, pause, shutdown, lease lost). Every step is checkpointed before and
 * after it runs, under the lease.
 */
export async function executeRun(ctx: ExecuteRunDeps, claimed: Run): Promise<void> {
  const { store, clock, metrics, owner, leaseMs } = ctx;
  const now = () => clock.now().toISOString();
  /** `ms` after the clock's now, as stored: leases and deferrals are compared with store times, so one clock sets both. */
  const inMs = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  let run = claimed;
  const runLog = ctx.log.child({ runId: run.id, incidentId: run.incidentId, playbook: run.playbook });
  const lease = keepRunLease({ store, runId: run.id, owner, leaseMs, now, inMs, log: runLog });
  const save = async (patch: Omit<RunPatch, 'now'>) => {
    // Every checkpoint renews the lease too (and so puts off the next heartbeat). Keep the in-memory steps
    // array: the step being executed mutates it, and it is what we just saved.
    const saved = await store.saveRun(run.id, owner, { leaseExpiresAt: lease.renewWith(), ...patch, now: now() });
    run = { ...saved, steps: run.steps };
    if (patch.status) ctx.onRunChange?.(run);
  };
  /** The run's end, in one write with `events` (e.g. why the last step did not act). Run-end hooks go first. */
  const finish = async (status: RunStatus, reason: string, events: RunEvent[] = []) => {
    const hookEvents = await callRunEndHooks({ actions: ctx.actions, clock, log: runLog, signal: AbortSignal.any([ctx.shutdown, lease.lost]) }, run);
    const ended: RunEvent = { type: 'run_status', message: `run ${run.id} ${status}: ${reason}`, data: { status } };
    await save({ status, reason, steps: run.steps, finished: true, events: [...events, ...hookEvents, ended] });
    metrics.runs.inc({ playbook: run.playbook, outcome: status });
    runLog.info({ status }, `run ${status}: ${reason}`);
  };
  /** Saves the steps; when a main step has just failed, the recovery it calls for goes into the same write. */
  const checkpoint = async (steps: StepState[], events: RunEvent[]) => {
    const recovery = planRecovery({ steps, definition: run.definition });
    const failed = steps.find((s) => s.phase === 'main' && s.status === 'failed');
    if (failed && recovery.length > 0) {
      steps.push(...recovery);
      events.push({ type: 'run_status', message: `step ${failed.id} failed: running ${recovery.length} compensation/on_failure step(s)` });
    }
    await save({ steps, events });
  };
  try {
    if (claimed.steps.every((s) => s.status === 'pending') && claimed.steps[0]?.attempts === 0 && claimed.approval === null) {
      // createdAt was stamped by the injected clock, so the delay is measured on that clock too.
      metrics.alertToFirstStep.observe((clock.now().getTime() - Date.parse(claimed.createdAt)) / 1000);
    }
    // Taken over from an owner that died mid-step: the step left `running` may or may not have taken effect.
    const settled = settleInterruptedStep(run, (action) => ctx.actions.get(action)?.idempotent === true, now());
    if (settled) {
      run.steps = settled.steps;
      if (settled.finish) return await finish(settled.finish.status, settled.finish.reason);
      await save({ steps: run.steps, events: settled.events });
    }
    // A failure stored without its recovery (by an older version): plan it now, before anything else.
    if (planRecovery(run).length > 0) await checkpoint(run.steps, []);
    // The claim already marked the run running (one write fewer per run); tell subscribers.
    ctx.onRunChange?.(run);

    // The last step's success, when nothing runs at the run's end, is saved with the run's final status: the
    // crash window is the same as between an action's end and its own checkpoint (the step is found `running`).
    let heldEvent: RunEvent | undefined;
    const holdLastCheckpoint = (event: { message: string; data: Record<string, unknown> }) => {
      if (nextStep(run.steps) !== undefined || hasRunEndHooks(run, ctx.actions)) return false;
      heldEvent = { type: 'step', ...event };
      return true;
    };
    const stepDeps = {
      holdLastCheckpoint,
      actions: ctx.actions,
      clock,
      log: runLog,
      metrics,
      breakerFor: ctx.breakerFor,
      signal: AbortSignal.any([ctx.shutdown, lease.lost]),
      firingCheck: ctx.firingCheck,
      checkpoint: (steps: StepState[], event?: { message: string; data?: Record<string, unknown> }) =>
        checkpoint(steps, event ? [{ type: 'step', ...event }] : []),
    };
    for (let state = nextStep(run.steps); state; state = nextStep(run.steps)) {
      if (lease.lost.aborted) throw lease.lost.reason;
      const stop = await mustStop(ctx, run);
      if (stop) {
        if (stop.cancel) await finish('cancelled', stop.reason);
        else await save({ status: 'pending', reason: stop.reason, release: { notBefore: inMs(1000) } });
        return;
      }
      const def = stepDefinition(run, state.id);
      if (!def) return await finish('needs_attention', `step ${state.id} is not in the run's playbook snapshot`);
      const outcome = await executeStep(stepDeps, run, state, def);
      // The step did not act (no longer firing, or nobody could say): the run ends with it, in one write,
      // so a crash can never leave the step settled and the run going on to the next one.
      if (outcome.kind === 'stopped') return await finish(outcome.status, outcome.reason, [{ type: 'step', ...outcome.event }]);
      if (outcome.kind === 'suspended') {
        await save({
          status: 'waiting_approval',
          reason: `waiting for approval by ${outcome.approvers.join(', ')} until ${outcome.expiresAt}`,
          steps: run.steps,
          approval: { approvers: outcome.approvers, requestedAt: now(), expiresAt: outcome.expiresAt },
          release: {},
          events: [{ type: 'approval', message: `approval requested from ${outcome.approvers.join(', ')} (expires ${outcome.expiresAt})` }],
        });
        return;
      }
    }
    const compensations = run.steps.filter((s) => s.phase === 'compensate').length;
    if (compensations > 0) metrics.compensations.inc({ playbook: run.playbook }, compensations);
    const { status, reason } = runOutcome(run);
    await finish(status, reason, heldEvent ? [heldEvent] : []);
  } catch (error) {
    if (error instanceof LeaseLostError || lease.lost.aborted) runLog.warn('lease lost: another process took the run over; this process stops it');
    else if (ctx.shutdown.aborted) runLog.info('shutdown: run left to lease recovery');
    else throw error;
  } finally {
    lease.stop();
  }
}

/** Checked before every step: the kill switch and pauses stop new steps at once; resolution stops the run. */
async function mustStop(ctx: ExecuteRunDeps, run: Run): Promise<{ reason: string; cancel: boolean } | undefined> {
  if (ctx.stopping()) return { reason: 'mendbot is shutting down; another process or the restart continues the run', cancel: false };
  const controls = await ctx.store.getControls();
  if (controls.killSwitch) return { reason: `kill switch on (${controls.killSwitch.by}: ${controls.killSwitch.reason})`, cancel: false };
  const pause = controls.paused[run.playbook];
  if (pause) return { reason: `playbook paused (${pause.by}: ${pause.reason})`, cancel: false };
  if (!run.definition.continueOnResolve) {
    if ((await ctx.store.incidentStatus(run.incidentId)) === 'resolved') return { reason: 'incident resolved before the next step', cancel: true };
  }
  return undefined;
}

/** True when some succeeded step's action holds something until the run ends (callRunEndHooks would call it). */
function hasRunEndHooks(run: Run, actions: ActionRegistry): boolean {
  return run.steps.some((s) => s.status === 'succeeded' && actions.get(s.action)?.onRunEnd !== undefined);
}
