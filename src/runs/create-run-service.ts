import type { Clock } from '../core/clock';
import { ErrorCode, MendbotError } from '../core/errors';
import type { Store } from '../store/store';
import type { Metrics } from '../telemetry/create-metrics';
import type { Run } from '../core/runs/run';

/**
 * Who acts. `as` is the identity checked against a run's approvers and recorded; `via` names the API token
 * an admin used to act on that person's behalf (a chat bridge), recorded alongside so the timeline says
 * which credential did it. A plain string is `{ as }` (Slack, whose users are verified by Slack itself).
 */
export interface Actor {
  as: string;
  via?: string;
}

/** How an actor is written into records and the timeline: `U024BE7LH via chat-bridge`, or just the name. */
export function recordedBy(actor: string | Actor): string {
  if (typeof actor === 'string') return actor;
  return actor.via !== undefined && actor.via !== actor.as ? `${actor.as} via ${actor.via}` : actor.as;
}

export interface RunService {
  /** Records one approval decision; exactly one wins under double clicks and concurrent approvers. */
  decide(runId: string, decision: 'approved' | 'rejected', by: string | Actor): Promise<Run>;
  /** Kill switch (no playbook) or one playbook's pause; stops new steps at once. */
  pause(playbook: string | undefined, by: string | Actor, reason: string): Promise<void>;
  resume(playbook: string | undefined): Promise<void>;
}

export interface RunServiceDeps {
  store: Store;
  clock: Clock;
  /** Told after anything that may make a run runnable (approval, resume). */
  wake(): void;
  /**
   * Whether `by` is one of `approvers` (user IDs, or @group handles a chat integration can expand).
   * Default: exact match only.
   */
  isApprover?(by: string, approvers: string[]): Promise<boolean>;
  /** Told after a decision changed a run (chat rewrites the approval message). */
  onRunChange?(run: Run): void;
  /** Told the ids of runs a rejection just ended, so what their steps hold (a silence) is let go. */
  releaseRuns?(runIds: string[]): void;
  metrics?: Pick<Metrics, 'approvals' | 'runs'>;
}

/** The people's side of the engine, shared by the HTTP API and (later) Slack: who may do what. */
export function createRunService(deps: RunServiceDeps): RunService {
  const isApprover = deps.isApprover ?? (async (by: string, approvers: string[]) => approvers.includes(by));
  return {
    async decide(runId, decision, actor) {
      const run = await deps.store.getRun(runId);
      if (!run) throw new MendbotError(ErrorCode.NotFound, `no run ${runId}`, { path: 'id' });
      const approvers = run.approval?.approvers ?? run.definition.approvers;
      // The person acted for is the one who must be an approver, never the token that carried the request.
      const as = typeof actor === 'string' ? actor : actor.as;
      if (!(await isApprover(as, approvers))) {
        throw new MendbotError(ErrorCode.NotAnApprover, `${as} may not approve runs of ${run.playbook} (approvers: ${approvers.join(', ')})`, { path: 'by' });
      }
      const result = await deps.store.decideApproval(runId, { decision, by: recordedBy(actor), at: deps.clock.now().toISOString() });
      if (!result.ok) {
        const current = result.run;
        const detail = current?.approval?.decision ? `already ${current.approval.decision} by ${current.approval.by}` : `status ${current?.status ?? 'unknown'}`;
        throw new MendbotError(ErrorCode.RunNotWaiting, `run ${runId} is not waiting for approval (${detail})`);
      }
      deps.metrics?.approvals.inc({ playbook: run.playbook, decision });
      if (decision === 'rejected') deps.metrics?.runs.inc({ playbook: run.playbook, outcome: 'cancelled' });
      deps.wake();
      deps.onRunChange?.(result.run!);
      // A rejected run ends here, not in the executor: its run-end hooks are ours to call.
      if (decision === 'rejected') deps.releaseRuns?.([runId]);
      return result.run!;
    },
    async pause(playbook, by, reason) {
      await deps.store.setPause(playbook, { by: recordedBy(by), reason, at: deps.clock.now().toISOString() });
    },
    async resume(playbook) {
      await deps.store.setPause(playbook, null);
      deps.wake();
    },
  };
}
