import type { Clock } from '../core/clock';
import { ErrorCode, MendbotError } from '../core/errors';
import type { Store } from '../store/store';
import type { Metrics } from '../telemetry/create-metrics';
import type { Run } from '../core/runs/run';

export interface RunService {
  /** Records one approval decision; exactly one wins under double clicks and concurrent approvers. */
  decide(runId: string, decision: 'approved' | 'rejected', by: string): Promise<Run>;
  /** Kill switch (no playbook) or one playbook's pause; stops new steps at once. */
  pause(playbook: string | undefined, by: string, reason: string): Promise<void>;
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
  metrics?: Pick<Metrics, 'approvals' | 'runs'>;
}

/** The people's side of the engine, shared by the HTTP API and (later) Slack: who may do what. */
export function createRunService(deps: RunServiceDeps): RunService {
  const isApprover = deps.isApprover ?? (async (by: string, approvers: string[]) => approvers.includes(by));
  return {
    async decide(runId, decision, by) {
      const run = await deps.store.getRun(runId);
      if (!run) throw new MendbotError(ErrorCode.NotFound, `no run ${runId}`, { path: 'id' });
      const approvers = run.approval?.approvers ?? run.definition.approvers;
      if (!(await isApprover(by, approvers))) {
        throw new MendbotError(ErrorCode.NotAnApprover, `${by} may not approve runs of ${run.playbook} (approvers: ${approvers.join(', ')})`, { path: 'by' });
      }
      const result = await deps.store.decideApproval(runId, { decision, by, at: deps.clock.now().toISOString() });
      if (!result.ok) {
        const current = result.run;
        const detail = current?.approval?.decision ? `already ${current.approval.decision} by ${current.approval.by}` : `status ${current?.status ?? 'unknown'}`;
        throw new MendbotError(ErrorCode.RunNotWaiting, `run ${runId} is not waiting for approval (${detail})`);
      }
      deps.metrics?.approvals.inc({ playbook: run.playbook, decision });
      if (decision === 'rejected') deps.metrics?.runs.inc({ playbook: run.playbook, outcome: 'cancelled' });
      deps.wake();
      deps.onRunChange?.(result.run!);
      return result.run!;
    },
    async pause(playbook, by, reason) {
      await deps.store.setPause(playbook, { by, reason, at: deps.clock.now().toISOString() });
    },
    async resume(playbook) {
      await deps.store.setPause(playbook, null);
      deps.wake();
    },
  };
}
