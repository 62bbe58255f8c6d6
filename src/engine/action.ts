import type { z } from 'zod';
import type { Clock } from '../core/clock';
import type { Logger } from '../telemetry/create-logger';

/** What an action gets besides its input: identity of the step, cancellation, a child logger, time. */
export interface ActionContext {
  runId: string;
  /** The incident the run remediates (e.g. to post into its chat thread). */
  incidentId: string;
  stepId: string;
  /** The labels all of the run's alerts share (the run's snapshot), e.g. for a silence's matchers. */
  commonLabels: Record<string, string>;
  /** 1-based attempt number within this step. */
  attempt: number;
  /** Aborted on step timeout or shutdown; actions must pass it to I/O (axios `signal`, child kill). */
  signal: AbortSignal;
  log: Logger;
  clock: Clock;
  /** The run's approval state and policy, for the approval gate; other actions ignore it. */
  approval: {
    state: import('../core/runs/run').ApprovalState | null;
    approvers: string[];
    expiresMs: number;
  };
}

/**
 * One kind of step. Built-ins and integrations register actions through this interface; the executor
 * never switches on action names. Dry-run and approval are enforced by the executor, not by actions.
 */
export interface Action<I = unknown> {
  name: string;
  description: string;
  /** Validates the rendered `with:` block; a failure is permanent (never retried). */
  input: z.ZodType<I>;
  /** Safe to run again after a crash mid-step (scale to N: yes; delete pod, POST rollback: no). */
  idempotent: boolean;
  /** The target host or system, for the per-target circuit breaker (e.g. the URL host). */
  target?(input: I): string | undefined;
  /** Performs the side effect; the returned output is checkpointed and visible to later steps as `steps.<id>.output`. */
  execute(input: I, ctx: ActionContext): Promise<Record<string, unknown>>;
  /**
   * Lets go of what a succeeded step holds for the run's lifetime (an Alertmanager silence) once the run
   * ends, whatever its outcome. Called by the executor with the step's checkpointed output; a crash can
   * repeat the call, so it must be idempotent. Undo after a failure stays with `compensate:` steps.
   */
  onRunEnd?(output: Record<string, unknown>, ctx: Omit<ActionContext, 'attempt' | 'approval'>): Promise<void>;
  // No undo hook here on purpose: what undoes a step is declared in the playbook (`compensate:` steps, run
  // by the executor like any step), so it is visible in the YAML and in the audit trail.
}

/** Type-erased action for registries: the executor validates input with `input` before calling. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAction = Action<any>;
