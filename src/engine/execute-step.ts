import type { IPolicy } from 'cockatiel';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../core/clock';
import type { PlaybookStep } from '../core/playbooks/playbook';
import type { Run, StepState } from '../core/runs/run';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import { confirmStillFiring, mustConfirmStillFiring } from './confirm-still-firing';
import type { ActionRegistry } from './create-action-registry';
import { createStepPolicy } from './create-step-policy';
import { compileCondition } from './evaluate-condition';
import type { FiringCheck } from './firing-check';
import { TemplateError } from './render-template';
import { buildRunScope } from './run-scope';
import { redactSecrets } from './secrets/redact-secrets';
import { redactingLogger } from './secrets/redacting-logger';
import { renderStepInput } from './secrets/render-step-input';
import { SuspendForApproval } from './step-errors';

export interface StepDeps {
  actions: ActionRegistry;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  breakerFor(target: string | undefined): IPolicy | undefined;
  /** Persists the run's steps (the checkpoint) before the function returns. */
  checkpoint(steps: StepState[], event?: { message: string; data?: Record<string, unknown> }): Promise<void>;
  /**
   * Asked when a step has succeeded: true when the run ends with it and its checkpoint is to be written with the
   * run's final status instead (one write fewer per run); the caller then keeps `event` for that write.
   */
  holdLastCheckpoint?(event: { message: string; data: Record<string, unknown> }): boolean;
  /** Aborted on shutdown: the attempt in flight is cancelled and the run is left to its lease. */
  signal: AbortSignal;
  /** Asks Alertmanager whether the run's alerts still fire (absent: no Alertmanager API configured). */
  firingCheck?: FiringCheck;
}

export type StepOutcome =
  | { kind: 'done' }
  | { kind: 'suspended'; approvers: string[]; expiresAt: string }
  | { kind: 'failed'; error: string }
  /**
   * The step did not act and the run must end now (no longer firing: cancelled; Alertmanager could not be
   * asked: needs_attention). The step's state is settled in memory only: the caller saves it with the
   * run's end, in one write, together with `event`.
   */
  | { kind: 'stopped'; status: 'cancelled' | 'needs_attention'; reason: string; event: { message: string; data: Record<string, unknown> } };

/**
 * Runs one step: condition, rendering, input validation, dry-run, the still-firing precondition, then the
 * action under its retry, timeout and breaker policy, with a checkpoint before and after. Dry-run and
 * approval are enforced here, in one place, never inside actions. A dry run never fails: what would have
 * stopped the step (a template, an unknown action, an input its action refuses) is recorded as
 * `would fail: …` on a `dry_run` step, and the dry run goes on.
 *
 * Secrets: only the action sees the rendered values. The step state records the input with
 * `{{ secrets.NAME }}` left in, and every error, detail and output is scrubbed of the values before it is
 * checkpointed, returned or put in an event (an error may echo a URL, a target may echo a header back).
 */
export async function executeStep(deps: StepDeps, run: Run, state: StepState, def: PlaybookStep): Promise<StepOutcome> {
  const now = () => deps.clock.now().toISOString();
  let secretValues: string[] = [];
  const redact = <T>(value: T): T => redactSecrets(value, secretValues);
  const settle = async (patch: Partial<StepState>, message: string, mayHold = false) => {
    Object.assign(state, redact(patch), { finishedAt: now() });
    const event = { message: redact(message), data: { stepId: state.id, status: state.status } };
    if (mayHold && deps.holdLastCheckpoint?.(event)) return;
    await deps.checkpoint(run.steps, event);
  };
  const scope = buildRunScope(run);
  /** A step that cannot run: failed for real, or in a dry run recorded as what would have stopped it. */
  const refuse = async (error: string, recordedInput: unknown, message: string): Promise<StepOutcome> => {
    if (run.mode === 'dry-run') {
      await settle({ status: 'dry_run', input: recordedInput, error: `would fail: ${error}` }, `step ${state.id} (${def.action}) dry-run: would fail: ${error}`);
      return { kind: 'done' };
    }
    await settle({ status: 'failed', error, input: recordedInput }, message);
    return { kind: 'failed', error };
  };
  let input: unknown;
  let recorded: unknown;
  try {
    if (def.when !== undefined && !compileCondition(def.when)(scope)) {
      await settle({ status: 'skipped' }, `step ${state.id} skipped: when (${def.when}) is false`);
      return { kind: 'done' };
    }
    ({ input, recorded, secretValues } = renderStepInput(def.with, scope, deps.actions.secrets));
  } catch (error) {
    if (run.mode === 'dry-run' && dependsOnEarlierOutput(error)) {
      // Nothing ran, so there is no output to render from: record the template as written.
      await settle({ status: 'dry_run', input: def.with }, `step ${state.id} (${def.action}) dry-run: depends on an earlier step's output, shown unrendered`);
      return { kind: 'done' };
    }
    const message = redact((error as Error).message);
    return refuse(message, run.mode === 'dry-run' ? def.with : undefined, `step ${state.id} failed before running: ${message}`);
  }
  const action = deps.actions.get(def.action);
  if (!action) {
    const error = `unknown action ${def.action}`;
    return refuse(error, recorded, `step ${state.id} failed: ${error}`);
  }
  const parsed = action.input.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Validation messages may quote the value they refused.
    const error = redact(`invalid input for ${def.action} at with.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    return refuse(error, recorded, `step ${state.id} failed: ${error}`);
  }
  if (run.mode === 'dry-run') {
    await settle({ status: 'dry_run', input: recorded }, `step ${state.id} (${def.action}) dry-run: rendered, not executed`);
    return { kind: 'done' };
  }

  state.input = redact(recorded);
  // Only a main step that cannot safely run twice asks: recovery steps undo or escalate whatever the alert
  // does now, and repeating an idempotent one on a stale alert does no harm.
  if (state.phase === 'main' && !action.idempotent && mustConfirmStillFiring(run, def, deps.firingCheck !== undefined)) {
    const note = (message: string) => deps.checkpoint(run.steps, { message, data: { stepId: state.id } });
    const gate = await confirmStillFiring({ firingCheck: deps.firingCheck, signal: deps.signal, log: deps.log, note }, run, def);
    if (gate.kind === 'act' && gate.note) await deps.checkpoint(run.steps, { message: gate.note, data: { stepId: state.id, unconfirmed: true } });
    if (gate.kind === 'skip' || gate.kind === 'escalate') {
      const skipped = gate.kind === 'skip';
      const error = skipped ? `no longer firing: ${gate.reason}` : `not executed: ${gate.reason}`;
      Object.assign(state, { status: 'skipped', error, finishedAt: now() });
      return {
        kind: 'stopped',
        status: skipped ? 'cancelled' : 'needs_attention',
        reason: skipped ? `skipped: no longer firing: ${gate.reason}` : gate.reason,
        event: { message: `step ${state.id} (${def.action}) ${skipped ? 'skipped' : 'not executed'}: ${error}; nothing was done`, data: { stepId: state.id, status: 'skipped' } },
      };
    }
  }
  const policy = createStepPolicy(def.retry, def.timeoutMs, deps.breakerFor(action.target?.(parsed.data)));
  // Step duration is a metric, not a stored time: a monotonic timer measures it, immune to wall-clock jumps
  // (NTP, a manual clock in tests) that would make a duration negative or huge.
  const started = performance.now();
  let attempt = 0;
  try {
    const output = await policy.execute(async ({ signal }) => {
      attempt++;
      if (attempt > 1) deps.metrics.stepRetries.inc({ action: def.action });
      Object.assign(state, { status: 'running', attempts: state.attempts + 1, startedAt: state.startedAt ?? now(), error: undefined });
      // Checkpoint before the side effect: a crash from here on is "interrupted", never "not started".
      await deps.checkpoint(run.steps, { message: `step ${state.id} (${def.action}) started, attempt ${state.attempts}`, data: { stepId: state.id, attempt: state.attempts } });
      const combined = AbortSignal.any([signal, deps.signal]);
      return action.execute(parsed.data, {
        runId: run.id,
        incidentId: run.incidentId,
        stepId: state.id,
        commonLabels: run.context.commonLabels,
        attempt: state.attempts,
        signal: combined,
        log: redactingLogger(deps.log.child({ runId: run.id, stepId: state.id }), secretValues),
        clock: deps.clock,
        approval: { state: run.approval, approvers: run.definition.approvers, expiresMs: run.definition.approval.expiresMs },
      });
    }, deps.signal);
    deps.metrics.stepDuration.observe({ action: def.action, outcome: 'succeeded' }, (performance.now() - started) / 1000);
    // An output `link` (a silence, a ticket) is where a person sees what the step did.
    const link = typeof output.link === 'string' ? ` — ${output.link}` : '';
    await settle({ status: 'succeeded', output }, `step ${state.id} (${def.action}) succeeded after ${state.attempts} attempt(s)${link}`, true);
    return { kind: 'done' };
  } catch (error) {
    if (error instanceof SuspendForApproval) {
      Object.assign(state, { status: 'pending', attempts: 0, startedAt: undefined });
      return { kind: 'suspended', approvers: error.approvers, expiresAt: error.expiresAt };
    }
    if (deps.signal.aborted) throw error; // shutdown: leave the step "running" for lease-based recovery
    deps.metrics.stepDuration.observe({ action: def.action, outcome: 'failed' }, (performance.now() - started) / 1000);
    const message = redact((error as Error).message || String(error));
    const details = (error as { details?: unknown }).details;
    const errorDetails = details && typeof details === 'object' ? (details as Record<string, unknown>) : undefined;
    await settle({ status: 'failed', error: message, errorDetails }, `step ${state.id} (${def.action}) failed after ${state.attempts} attempt(s): ${message}`);
    return { kind: 'failed', error: message };
  }
}

function dependsOnEarlierOutput(error: unknown): boolean {
  return error instanceof TemplateError && error.kind === 'missing' && (error.reference ?? '').startsWith('steps.');
}
