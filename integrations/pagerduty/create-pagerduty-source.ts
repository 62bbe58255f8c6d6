import { ErrorCode, MendbotError } from '../../src/core/errors';
import type { AlertSource } from '../../src/intake/alert-source';
import { isLoopback } from '../../src/intake/is-loopback';
import { parsePagerDutyWebhook } from './parse-pagerduty-webhook';
import { verifyPagerDutySignature } from './verify-pagerduty-signature';

export interface PagerDutySourceOptions {
  /**
   * Signing secrets of the Webhooks V3 subscription (PAGERDUTY_WEBHOOK_SECRETS). More than one during a
   * rotation. Empty: no signature can be checked, so only loopback clients are accepted.
   */
  webhookSecrets: string[];
}

/** The `POST /webhooks/pagerduty` source: HMAC-verified Webhooks V3 deliveries, one event each. */
export function createPagerDutySource(options: PagerDutySourceOptions): AlertSource {
  const secrets = options.webhookSecrets.filter((s) => s !== '');
  return {
    name: 'pagerduty',
    authenticate(request) {
      if (secrets.length > 0) {
        const signature = request.headers['x-pagerduty-signature'];
        // Several signature headers mean the same as one comma-separated value.
        verifyPagerDutySignature(request.rawBody, Array.isArray(signature) ? signature.join(',') : signature, secrets);
        return;
      }
      if (!isLoopback(request.remoteAddress)) {
        throw new MendbotError(
          ErrorCode.LoopbackOnly,
          'PagerDuty webhooks are accepted from loopback only until PAGERDUTY_WEBHOOK_SECRETS is set to the subscription signing secret',
        );
      }
    },
    parse(request) {
      const id = request.headers['x-webhook-id'];
      return parsePagerDutyWebhook(request.rawBody, Array.isArray(id) ? id[0] : id);
    },
  };
}
