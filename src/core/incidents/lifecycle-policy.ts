/** Tunables of the incident lifecycle, taken from config and passed to the store on each write. */
export interface LifecyclePolicy {
  /** A firing alert within this long after its incident resolved reopens it instead of opening a new one. */
  reopenWindowMs: number;
  /** This many alert state changes within `flappingWindowMs` mark an incident as flapping. */
  flappingThreshold: number;
  flappingWindowMs: number;
  /**
   * When set, a resolved incident gets its postmortem scheduled this long after resolution, in the same
   * write; a reopening within the window defers it, so a flapping incident is filed once.
   */
  postmortemSettleMs?: number;
}

export const defaultLifecyclePolicy: LifecyclePolicy = Object.freeze({
  reopenWindowMs: 5 * 60_000,
  flappingThreshold: 4,
  flappingWindowMs: 30 * 60_000,
});
