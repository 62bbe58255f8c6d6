import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import { verifyPagerDutySignature } from './verify-pagerduty-signature';

const fixtures = path.join(__dirname, '../../test/fixtures');
const signatures = JSON.parse(fs.readFileSync(path.join(fixtures, 'signatures.json'), 'utf8')) as {
  pagerduty: {
    secret: string;
    rotation_old_secret: string;
    deliveries: Record<string, { headers: Record<string, string>; 'X-PagerDuty-Signature_during_rotation': string }>;
  };
};
const { secret, rotation_old_secret: oldSecret, deliveries } = signatures.pagerduty;
const files = ['pagerduty-incident-triggered.json', 'pagerduty-incident-acknowledged.json', 'pagerduty-incident-resolved.json'];

/** The exact bytes the signatures were computed over: never parsed and re-serialised. */
function body(file: string): Buffer {
  return fs.readFileSync(path.join(fixtures, file));
}
function signatureHeader(file: string): string {
  return deliveries[file]!.headers['X-PagerDuty-Signature']!;
}
function rotationHeader(file: string): string {
  return deliveries[file]!['X-PagerDuty-Signature_during_rotation'];
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

describe('verifyPagerDutySignature', () => {
  describe.each(files)('for the captured delivery %s', (file) => {
    it('accepts the signature PagerDuty sent', () => {
      expect(() => verifyPagerDutySignature(body(file), signatureHeader(file), [secret])).not.toThrow();
    });

    it('accepts the two-signature header sent during a rotation', () => {
      expect(() => verifyPagerDutySignature(body(file), rotationHeader(file), [secret])).not.toThrow();
    });

    it('accepts the rotation header when only the old secret is configured', () => {
      expect(() => verifyPagerDutySignature(body(file), rotationHeader(file), [oldSecret])).not.toThrow();
    });

    it('rejects a tampered body with SIGNATURE_INVALID', () => {
      const tampered = Buffer.from(body(file).toString('utf8').replace('"urgency": "high"', '"urgency": "low"'));
      expect(tampered.equals(body(file))).toBe(false);
      expect(codeOf(() => verifyPagerDutySignature(tampered, signatureHeader(file), [secret]))).toBe(ErrorCode.SignatureInvalid);
    });
  });

  describe('when both the old and the new secret are configured', () => {
    it('accepts a header signed with either one', () => {
      const file = files[0]!;
      const oldOnly = rotationHeader(file).split(',')[1]!;
      expect(() => verifyPagerDutySignature(body(file), oldOnly, [secret, oldSecret])).not.toThrow();
      expect(() => verifyPagerDutySignature(body(file), signatureHeader(file), [oldSecret, secret])).not.toThrow();
    });
  });

  describe('when the header is missing', () => {
    it('throws SIGNATURE_MISSING', () => {
      expect(codeOf(() => verifyPagerDutySignature(body(files[0]!), undefined, [secret]))).toBe(ErrorCode.SignatureMissing);
    });

    it('treats an empty header as missing', () => {
      expect(codeOf(() => verifyPagerDutySignature(body(files[0]!), '  ', [secret]))).toBe(ErrorCode.SignatureMissing);
    });
  });

  describe('when the header does not match', () => {
    it('rejects a signature made with another secret', () => {
      expect(codeOf(() => verifyPagerDutySignature(body(files[0]!), signatureHeader(files[0]!), ['some-other-secret']))).toBe(
        ErrorCode.SignatureInvalid,
      );
    });

    it('answers SIGNATURE_INVALID, not a crash, for signatures of another length', () => {
      const header = 'v1=abc,v1=' + 'f'.repeat(128) + ',v1=';
      expect(codeOf(() => verifyPagerDutySignature(body(files[0]!), header, [secret]))).toBe(ErrorCode.SignatureInvalid);
    });

    it('ignores items without the v1= scheme', () => {
      const hex = signatureHeader(files[0]!).slice(3);
      expect(codeOf(() => verifyPagerDutySignature(body(files[0]!), `v0=${hex}`, [secret]))).toBe(ErrorCode.SignatureInvalid);
    });

    it('never treats a blank secret as a key', () => {
      const raw = body(files[0]!);
      const emptyKeyMac = createHmac('sha256', '').update(raw).digest('hex');
      expect(codeOf(() => verifyPagerDutySignature(raw, `v1=${emptyKeyMac}`, ['']))).toBe(ErrorCode.SignatureInvalid);
    });
  });

  describe('header formatting', () => {
    it('tolerates spaces after the commas', () => {
      const file = files[0]!;
      const spaced = rotationHeader(file).split(',').reverse().join(' , ');
      expect(() => verifyPagerDutySignature(body(file), spaced, [secret])).not.toThrow();
    });

    it('accepts upper-case hex', () => {
      const file = files[0]!;
      const upper = `v1=${signatureHeader(file).slice(3).toUpperCase()}`;
      expect(() => verifyPagerDutySignature(body(file), upper, [secret])).not.toThrow();
    });
  });
});
