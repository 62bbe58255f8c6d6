import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode, MendbotError } from '../../src/core/errors';

/**
 * Checks `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">`. The body is hashed as the
 * UTF-8 text Bolt hashes (it decodes the bytes first), so a request passes here exactly when it passes
 * Bolt's own check behind this one. The timestamp window is checked before (requireFreshTimestamp).
 * Throws SIGNATURE_MISSING or UNAUTHORIZED.
 */
export function verifySlackSignature(request: { rawBody: Buffer; timestamp: number; signature: string | string[] | undefined }, secret: string): void {
  const header = request.signature;
  if (typeof header !== 'string' || header.trim() === '') {
    throw new MendbotError(ErrorCode.SignatureMissing, 'X-Slack-Signature header missing: Slack signs every request');
  }
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${request.timestamp}:${request.rawBody.toString('utf8')}`).digest('hex')}`, 'utf8');
  const given = Buffer.from(header, 'utf8');
  // timingSafeEqual throws on unequal lengths; a length mismatch is simply not a match.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new MendbotError(ErrorCode.Unauthorized, 'X-Slack-Signature does not match SLACK_SIGNING_SECRET');
  }
}
