import type { RunStatus } from './run';

/**
 * The statuses each store query selects runs by, so a new status is placed in one spot and both stores
 * follow (they turn these lists into SQL or filters; the other conditions are noted with each).
 */
export const runSelections = {
  /** Claim candidates: waiting to start, or running under a lease that may have expired (its owner died); not before notBefore. */
  claimable: ['pending', 'running'],
  /** Work a resolution cancels: queued, not leased right now, and not continueOnResolve. */
  queued: ['pending', 'waiting_approval'],
  /** Where approvals expire from, once approval.expiresAt has passed. */
  awaitingApproval: ['waiting_approval'],
} as const satisfies Record<string, readonly RunStatus[]>;
