import type { Admission } from '../../src/store/store';

/** A claim's guardrails when the case is not about them: every candidate is admitted. */
export const admitAll = (): Admission => ({ kind: 'admit' });
