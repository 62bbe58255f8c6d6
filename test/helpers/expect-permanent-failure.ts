import { PermanentStepError } from '../../src/engine/step-errors';

/**
 * Awaits `promise` and returns the PermanentStepError it rejected with, so a test can assert on its message and
 * details. Any other rejection is rethrown, and a promise that resolves fails the test.
 */
export async function expectPermanentFailure(promise: Promise<unknown>): Promise<PermanentStepError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PermanentStepError) return error;
    throw error;
  }
  throw new Error('expected a permanent failure (PermanentStepError)');
}
