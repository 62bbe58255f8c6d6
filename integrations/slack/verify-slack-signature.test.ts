import { createHmac } from 'node:crypto';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import { verifySlackSignature } from './verify-slack-signature';

const secret = 'slack-unit-secret';
const sign = (body: string, ts: number, key = secret) => `v0=${createHmac('sha256', key).update(`v0:${ts}:${body}`).digest('hex')}`;

function codeOf(run: () => void): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof MendbotError) return error.code;
    throw error;
  }
  return undefined;
}

describe('verifySlackSignature', () => {
  const body = 'token=x&command=%2Fmendbot';
  const ts = 1_773_481_382;

  it('accepts Slack’s signature over v0:<timestamp>:<body>', () => {
    expect(codeOf(() => verifySlackSignature({ rawBody: Buffer.from(body), timestamp: ts, signature: sign(body, ts) }, secret))).toBeUndefined();
  });

  it('answers SIGNATURE_MISSING without a signature header', () => {
    expect(codeOf(() => verifySlackSignature({ rawBody: Buffer.from(body), timestamp: ts, signature: undefined }, secret))).toBe(ErrorCode.SignatureMissing);
    expect(codeOf(() => verifySlackSignature({ rawBody: Buffer.from(body), timestamp: ts, signature: ['a', 'b'] }, secret))).toBe(ErrorCode.SignatureMissing);
  });

  it.each([
    ['another secret', sign(body, ts, 'other')],
    ['another timestamp', sign(body, ts + 1)],
    ['another body', sign(`${body}&x=1`, ts)],
    ['upper-case hex (Bolt compares the text)', sign(body, ts).toUpperCase().replace('V0=', 'v0=')],
    ['a truncated signature', sign(body, ts).slice(0, 20)],
    ['another version', sign(body, ts).replace('v0=', 'v1=')],
  ])('answers UNAUTHORIZED for %s', (_what, signature) => {
    expect(codeOf(() => verifySlackSignature({ rawBody: Buffer.from(body), timestamp: ts, signature }, secret))).toBe(ErrorCode.Unauthorized);
  });
});
