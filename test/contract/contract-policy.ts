import type { LifecyclePolicy } from '../../src/core/incidents/lifecycle-policy';

/** The lifecycle tunables the contract's deliveries use unless a case is about them. */
export const contractPolicy: LifecyclePolicy = Object.freeze({ reopenWindowMs: 5 * 60_000, flappingThreshold: 4, flappingWindowMs: 30 * 60_000 });
