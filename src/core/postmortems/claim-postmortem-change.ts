import type { PostmortemFields } from './postmortem-record';

/**
 * Leases a due postmortem (pending, dueAt passed, no live lease: the store selects those) to `owner` for
 * `leaseMs`, so one process files it; a crashed owner's lease expires and another process retries.
 */
export function claimPostmortemChange(claim: { owner: string; now: string; leaseMs: number }): PostmortemFields {
  return { leaseOwner: claim.owner, leaseExpiresAt: new Date(Date.parse(claim.now) + claim.leaseMs).toISOString() };
}
