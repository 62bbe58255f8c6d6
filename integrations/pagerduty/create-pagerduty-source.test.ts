import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import type { WebhookRequest } from '../../src/intake/alert-source';
import { createPagerDutySource } from './create-pagerduty-source';

const fixtures = path.join(__dirname, '../../test/fixtures');
const file = 'pagerduty-incident-triggered.json';
const rawBody = fs.readFileSync(path.join(fixtures, file));
const signatures = JSON.parse(fs.readFileSync(path.join(fixtures, 'signatures.json'), 'utf8')) as {
  pagerduty: { secret: string; rotation_old_secret: string; deliveries: Record<string, { headers: Record<string, string> }> };
};
const { secret } = signatures.pagerduty;
const sent = signatures.pagerduty.deliveries[file]!.headers;

function request(overrides: Partial<WebhookRequest> = {}): WebhookRequest {
  return {
    headers: { 'x-pagerduty-signature': sent['X-PagerDuty-Signature'], 'x-webhook-id': sent['X-Webhook-Id'] },
    rawBody,
    remoteAddress: '203.0.113.7',
    ...overrides,
  };
}

function codeOf(run: () => void): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof MendbotError) return error.code;
    throw error;
  }
  return undefined;
}

describe('createPagerDutySource', () => {
  it('registers under the name pagerduty', () => {
    expect(createPagerDutySource({ webhookSecrets: [] }).name).toBe('pagerduty');
  });

  describe('with signing secrets configured', () => {
    const source = createPagerDutySource({ webhookSecrets: [secret] });

    it('accepts a correctly signed delivery from anywhere', () => {
      expect(() => source.authenticate(request())).not.toThrow();
    });

    it('rejects a delivery without X-PagerDuty-Signature, even from loopback', () => {
      expect(codeOf(() => source.authenticate(request({ headers: {}, remoteAddress: '127.0.0.1' })))).toBe(ErrorCode.SignatureMissing);
    });

    it('rejects a body that differs from the signed one', () => {
      const other = Buffer.concat([rawBody, Buffer.from(' ')]);
      expect(codeOf(() => source.authenticate(request({ rawBody: other })))).toBe(ErrorCode.SignatureInvalid);
    });
  });

  describe('with no secret configured', () => {
    const source = createPagerDutySource({ webhookSecrets: [] });

    it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('accepts an unsigned delivery from loopback %s', (remoteAddress) => {
      expect(() => source.authenticate(request({ headers: {}, remoteAddress }))).not.toThrow();
    });

    it('refuses other clients with LOOPBACK_ONLY and says how to fix it', () => {
      let error: unknown;
      try {
        source.authenticate(request());
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MendbotError);
      expect((error as MendbotError).code).toBe(ErrorCode.LoopbackOnly);
      expect((error as MendbotError).message).toContain('PAGERDUTY_WEBHOOK_SECRETS');
    });

    it('treats a list of blank secrets as none', () => {
      expect(codeOf(() => createPagerDutySource({ webhookSecrets: [''] }).authenticate(request()))).toBe(ErrorCode.LoopbackOnly);
    });
  });

  describe('parse', () => {
    it('dedupes on the X-Webhook-Id header', () => {
      const delivery = createPagerDutySource({ webhookSecrets: [secret] }).parse(request());
      expect(delivery.dedupeKey).toBe(`pagerduty:${sent['X-Webhook-Id']}`);
      expect(delivery.alerts[0]!.key).toBe('pd:Q1R8ZJ4Y7XK2LM');
    });

    it('has no dedupe key without the header', () => {
      expect(createPagerDutySource({ webhookSecrets: [] }).parse(request({ headers: {} })).dedupeKey).toBeUndefined();
    });
  });
});
