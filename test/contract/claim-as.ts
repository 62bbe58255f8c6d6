import type { Run } from '../../src/core/runs/run';
import type { Admission, ClaimResult, RunGuardFacts, Store } from '../../src/store/store';
import { admitAll } from './admit-all';

/** The lease every contract claim asks for unless the case is about lease length. */
const leaseMs = 60_000;

/** `owner` asks the store for the next runnable run at `now`, with a one-minute lease. */
export function claimAs(store: Store, owner: string, now: string, admit: (run: Run, facts: RunGuardFacts) => Admission = admitAll): Promise<ClaimResult> {
  return store.claimRun({ owner, now, leaseMs, admit });
}
