/**
 * How an action tells the executor what kind of failure happened. The executor retries only
 * TransientStepError (and plain errors: timeouts, connection resets); PermanentStepError (a 4xx from the
 * target, invalid input, a binary not in the allowlist) fails the step at once.
 */
export class PermanentStepError extends Error {
  override readonly name = 'PermanentStepError';
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

export class TransientStepError extends Error {
  override readonly name = 'TransientStepError';
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/** Thrown by the approval gate when the run must wait for a human; not a failure. */
export class SuspendForApproval extends Error {
  override readonly name = 'SuspendForApproval';
  constructor(readonly approvers: string[], readonly expiresAt: string) {
    super('waiting for approval');
  }
}
