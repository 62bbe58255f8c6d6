import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode, MendbotError } from '../../src/core/errors';

/**
 * Checks `X-PagerDuty-Signature` (`v1=<hex>[,v1=<hex>…]`) against HMAC-SHA256 of the raw body under each
 * secret. Any secret matching any signature passes: during a rotation PagerDuty signs with both the old
 * and the new secret in one header, and mendbot may know either. Throws SIGNATURE_MISSING or
 * SIGNATURE_INVALID.
 */
export function verifyPagerDutySignature(rawBody: Buffer, header: string | undefined, secrets: string[]): void {
  if (header === undefined || header.trim() === '') {
    throw new MendbotError(ErrorCode.SignatureMissing, 'X-PagerDuty-Signature header missing: PagerDuty signs every Webhooks V3 delivery');
  }
  // go-pagerduty splits without trimming; trimming also accepts `v1=a, v1=b` from proxies that re-join headers.
  const signatures = header
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.startsWith('v1='))
    .map((item) => Buffer.from(item.slice(3).toLowerCase(), 'utf8'));

  // An empty key gives an HMAC anyone can compute, so a blank entry in the list must never count as a secret.
  const expected = secrets
    .filter((secret) => secret !== '')
    .map((secret) => Buffer.from(createHmac('sha256', secret).update(rawBody).digest('hex'), 'utf8'));

  // timingSafeEqual throws on unequal lengths; a length mismatch is simply not a match.
  const matched = expected.some((mac) => signatures.some((sig) => sig.length === mac.length && timingSafeEqual(sig, mac)));
  if (!matched) {
    throw new MendbotError(ErrorCode.SignatureInvalid, 'X-PagerDuty-Signature matches none of the configured PAGERDUTY_WEBHOOK_SECRETS');
  }
}
