import { ErrorCode, MendbotError } from '../core/errors';

/**
 * Whom a request body says the action is for: `onBehalfOf`, or `by` as API clients wrote it before
 * tokens had names. Read defensively (the body is not validated yet when roles are checked); a value
 * that is not a non-empty string is left for the route's schema to reject.
 */
export function claimedIdentity(body: Record<string, unknown>): string | undefined {
  const pick = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const onBehalfOf = pick(body.onBehalfOf);
  const by = pick(body.by);
  if (onBehalfOf !== undefined && by !== undefined && onBehalfOf !== by) {
    throw new MendbotError(ErrorCode.InvalidPayload, 'give onBehalfOf (or the older by), not both with different values', { path: 'onBehalfOf' });
  }
  return onBehalfOf ?? by;
}
