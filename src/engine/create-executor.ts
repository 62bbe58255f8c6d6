import os from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import { finalRunStatuses, type Run, type RunStatus, type StepState } from '../core/runs/run';
import { LeaseLostError, type RunEvent, type RunPatch, type Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import { admitRun } from './admit-run';
import type { ActionRegistry } from './create-action-registry';
import { createBreakers } from './create-step-policy';
import { executeStep } from './execute-step';
import { planFailureSteps } from './plan-failure-steps';
import { stepDefinition } from './run-scope';

export interface ExecutorDeps {
  store: Store;
  actions: ActionRegistry;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** Lease length; the executor renews it every third of this while a run is in its hands. */
  leaseMs?: number;
  /** How often to look for runnable runs besides wake() (deferred runs, expired leases, other processes). */
  pollMs?: number;
  concurrency?: number;
  /** Identifies this process in leases (host:pid:random by default). */
  owner?: string;
  /** Told when a run starts waiting for approval or reaches a final status (chat, postmortems). */
  onRunChange?: (run: Run) => void;
}

export interface Executor {
  readonly owner: string;
  start(): void;
  /** Look for work now (after a delivery created runs, an approval, a resume). */
  wake(): void;
  /**
   * Stop claiming; runs in hand finish their current step and are released before the next one. After
   * `graceMs` the attempts still in flight are aborted and left to lease recovery (idempotent steps are
   * retried, others need a human).
   */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when no run is in this executor's hands (tests, benchmarks). */
  idle(): Promise<void>;
}

export function createExecutor(deps: ExecutorDeps): Executor {
  const { store, clock, log, metrics } = deps;
  const leaseMs = deps.leaseMs ?? 30_000;
  const owner = deps.owner ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const breakerFor = createBreakers();
  const shutdown = new AbortController();
  const active = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let draining = false;
  let stopping = false;
  let again = false;
  const now = () => clock.now().toISOString();
  /** `ms` after the clock's now, as stored: leases and deferrals are compared with store times, so one clock sets both. */
  const inMs = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  const drain = async () => {
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    try {
      do {
        again = false;
        while (!stopping && active.size < (deps.concurrency ?? 8)) {
          // Store calls are synchronous under the promises: yield so webhooks (accept, read, ack) are never
          // starved by a backlog of runs.
          await yieldToEventLoop();
          const at = now();
          const { run, hits } = await store.claimRun({ owner, now: at, leaseMs, admit: (r, facts) => admitRun(r, facts, at) });
          for (const h of hits) {
            metrics.guardrailHits.inc({ guardrail: h.guardrail, outcome: h.kind });
            if (h.kind === 'cancel') {
              metrics.runs.inc({ playbook: h.playbook, outcome: 'cancelled' });
              log.info({ runId: h.runId, playbook: h.playbook, guardrail: h.guardrail }, `run cancelled: ${h.reason}`);
            }
          }
          if (!run) break;
          const p = runOne(run).catch((error: unknown) => log.error({ err: error, runId: run.id }, 'executor failed on run'));
          active.add(p);
          void p.finally(() => {
            active.delete(p);
            if (!stopping) void drain();
          });
        }
      } while (again && !stopping);
    } catch (error) {
      log.error({ err: error }, 'could not claim runs; will retry on the next poll');
    } finally {
      draining = false;
    }
  };

  async function runOne(claimed: Run): Promise<void> {
    let run = claimed;
    const runLog = log.child({ runId: run.id, incidentId: run.incidentId, playbook: run.playbook });
    const save = async (patch: Omit<RunPatch, 'now'>) => {
      // Keep the in-memory steps array: the step being executed mutates it, and it is what we just saved.
      const saved = await store.saveRun(run.id, owner, { ...patch, now: now() });
      run = { ...saved, steps: run.steps };
      if (patch.status) deps.onRunChange?.(run);
    };
    const heartbeat = setInterval(() => {
      store.saveRun(run.id, owner, { now: now(), leaseExpiresAt: inMs(leaseMs) }).catch(() => undefined);
    }, Math.max(50, leaseMs / 3));
    const finish = async (status: RunStatus, reason: string, events: RunEvent[] = []) => {
      await save({ status, reason, steps: run.steps, finished: true, events: [...events, { type: 'run_status', message: `run ${run.id} ${status}: ${reason}`, data: { status } }] });
      metrics.runs.inc({ playbook: run.playbook, outcome: status });
      runLog.info({ status }, `run ${status}: ${reason}`);
    };
    try {
      if (claimed.steps.every((s) => s.status === 'pending') && claimed.steps[0]?.attempts === 0 && claimed.approval === null) {
        // createdAt was stamped by the injected clock, so the delay is measured on that clock too.
        metrics.alertToFirstStep.observe((clock.now().getTime() - Date.parse(claimed.createdAt)) / 1000);
      }
      // Recovery after a crash: a step left "running" may or may not have taken effect.
      const interrupted = run.steps.find((s) => s.status === 'running');
      if (interrupted) {
        const action = deps.actions.get(interrupted.action);
        if (!action?.idempotent) {
          Object.assign(interrupted, { status: 'failed', error: 'interrupted mid-flight by a crash: outcome unknown', finishedAt: now() });
          await finish('needs_attention', `step ${interrupted.id} (${interrupted.action}) was interrupted mid-flight and is not idempotent: check whether it took effect before re-running`);
          return;
        }
        interrupted.status = 'pending';
        await save({ steps: run.steps, events: [{ type: 'step', message: `step ${interrupted.id} was interrupted; retrying it (idempotent)` }] });
      }
      // The claim already marked the run running (one write fewer per run); tell subscribers.
      deps.onRunChange?.(run);

      const stepDeps = {
        actions: deps.actions,
        clock,
        log: runLog,
        metrics,
        breakerFor,
        signal: shutdown.signal,
        checkpoint: async (steps: StepState[], event?: { message: string; data?: Record<string, unknown> }) =>
          save({ steps, events: event ? [{ type: 'step', ...event }] : [] }),
      };

      let failure = run.steps.find((s) => s.phase === 'main' && s.status === 'failed')?.error;
      for (const state of run.steps) {
        if (state.status !== 'pending') continue;
        // Before a failure only main steps run; after it, only the recovery steps planned for it.
        if ((failure === undefined) !== (state.phase === 'main')) continue;
        const stop = await mustStop(run);
        if (stop) {
          if (stop.cancel) await finish('cancelled', stop.reason);
          else await save({ status: 'pending', reason: stop.reason, release: { notBefore: inMs(1000) } });
          return;
        }
        const def = stepDefinition(run, state.id);
        if (!def) {
          await finish('needs_attention', `step ${state.id} is not in the run's playbook snapshot`);
          return;
        }
        const outcome = await executeStep(stepDeps, run, state, def);
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
        if (outcome.kind === 'failed' && state.phase === 'main' && failure === undefined) {
          failure = outcome.error;
          const recovery = planFailureSteps(run);
          run.steps.push(...recovery);
          if (recovery.length > 0) await save({ steps: run.steps, events: [{ type: 'run_status', message: `step ${state.id} failed: running ${recovery.length} compensation/on_failure step(s)` }] });
        }
      }

      if (failure === undefined) {
        await finish(run.mode === 'dry-run' ? 'dry_run' : 'succeeded', run.mode === 'dry-run' ? 'every step rendered, none executed' : 'every step succeeded');
        return;
      }
      const compensations = run.steps.filter((s) => s.phase === 'compensate');
      if (compensations.length > 0) metrics.compensations.inc({ playbook: run.playbook }, compensations.length);
      const compensated = compensations.length > 0 && compensations.every((s) => s.status === 'succeeded');
      await finish(compensated ? 'compensated' : 'failed', `step failed: ${failure}${compensated ? '; completed steps compensated' : ''}`);
    } catch (error) {
      if (error instanceof LeaseLostError) runLog.warn('lease lost: another process took the run over');
      else if (shutdown.signal.aborted) runLog.info('shutdown: run left to lease recovery');
      else throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Checked before every step: the kill switch and pauses stop new steps at once; resolution stops the run. */
  async function mustStop(run: Run): Promise<{ reason: string; cancel: boolean } | undefined> {
    if (stopping) return { reason: 'mendbot is shutting down; another process or the restart continues the run', cancel: false };
    const controls = await store.getControls();
    if (controls.killSwitch) return { reason: `kill switch on (${controls.killSwitch.by}: ${controls.killSwitch.reason})`, cancel: false };
    const pause = controls.paused[run.playbook];
    if (pause) return { reason: `playbook paused (${pause.by}: ${pause.reason})`, cancel: false };
    if (!run.definition.continueOnResolve) {
      if ((await store.incidentStatus(run.incidentId)) === 'resolved') return { reason: 'incident resolved before the next step', cancel: true };
    }
    return undefined;
  }

  return {
    owner,
    start() {
      timer ??= setInterval(() => void drain(), deps.pollMs ?? 500);
      void drain();
    },
    wake() {
      void drain();
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      if (timer) clearInterval(timer);
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.allSettled([...active]), grace]);
      shutdown.abort(new Error('executor stopping'));
      await Promise.allSettled([...active]);
    },
    async idle() {
      while (active.size > 0 || draining) await Promise.allSettled([...active, new Promise((r) => setTimeout(r, 10))]);
    },
  };
}

