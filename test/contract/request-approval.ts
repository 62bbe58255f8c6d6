import type { Run } from '../../src/core/runs/run';
import type { Store } from '../../src/store/store';
import { claimAs } from './claim-as';

/**
 * Takes a pending run to `waiting_approval` the way the executor does: claim it, then checkpoint the
 * approval request and give the lease back. Returns the run as stored.
 */
export async function requestApproval(store: Store, runId: string, at: string, expiresAt: string): Promise<Run> {
  const { run } = await claimAs(store, 'executor', at);
  if (run?.id !== runId) throw new Error(`expected to claim ${runId}, got ${run?.id ?? 'nothing'}`);
  return store.saveRun(runId, 'executor', {
    now: at,
    status: 'waiting_approval',
    reason: 'waiting for approval',
    approval: { approvers: ['U1', 'U2'], requestedAt: at, expiresAt },
    release: {},
  });
}
