import { AlertmanagerUnavailableError } from '../../src/core/alertmanager/alertmanager-api';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { PeerRequestError } from './peer-request-error';

/**
 * A client failure as the executor's retry policy reads it: no peer answering, or a 5xx, may pass (retry);
 * a refusal (a bad matcher, a malformed answer, an outbound denial) would be repeated (fail the step).
 */
export function toStepError(action: string, error: unknown): Error {
  if (error instanceof AlertmanagerUnavailableError) return new TransientStepError(`${action}: ${error.message}`, { failures: error.failures });
  if (error instanceof PeerRequestError) {
    const details = { status: error.status };
    return error.transient ? new TransientStepError(`${action}: ${error.message}`, details) : new PermanentStepError(`${action}: Alertmanager refused: ${error.message}`, details);
  }
  return error instanceof Error ? error : new Error(String(error));
}
