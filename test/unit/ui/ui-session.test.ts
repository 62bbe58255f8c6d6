import { createUiSessionCodec } from '../../../src/http/ui/create-ui-session-codec';

const key = 'k'.repeat(40);
const now = Date.parse('2026-12-05T10:00:00Z');

describe('console sessions', () => {
  const codec = createUiSessionCodec(key);
  const cookie = codec.sign({ name: 'otto', role: 'operator', expiresAt: now + 60_000 });

  it('verifies what it signed until it expires', () => {
    expect(codec.verify(cookie, now)).toEqual({ name: 'otto', role: 'operator', expiresAt: now + 60_000 });
    expect(codec.verify(cookie, now + 60_000)).toBeUndefined();
  });

  it('survives a restart with the same key and fails with another or a random one', () => {
    expect(createUiSessionCodec(key).verify(cookie, now)?.name).toBe('otto');
    expect(createUiSessionCodec('x'.repeat(40)).verify(cookie, now)).toBeUndefined();
    expect(createUiSessionCodec(undefined).verify(cookie, now)).toBeUndefined();
  });

  it('refuses any change to the payload or signature', () => {
    const [payload, signature] = cookie.split('.') as [string, string];
    const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), r: 'admin' })).toString('base64url');
    expect(codec.verify(`${raised}.${signature}`, now)).toBeUndefined();
    expect(codec.verify(`${payload}.${signature.slice(0, -2)}AA`, now)).toBeUndefined();
    expect(codec.verify(`${payload}.${signature}.x`, now)).toBeUndefined();
    expect(codec.verify('garbage', now)).toBeUndefined();
    expect(codec.verify('', now)).toBeUndefined();
  });

  it('draws a fresh value per sign-in, and binds CSRF tokens to their subject', () => {
    const again = codec.sign({ name: 'otto', role: 'operator', expiresAt: now + 60_000 });
    expect(again).not.toBe(cookie);
    const token = codec.csrfToken(`session\n${cookie}`);
    expect(codec.checkCsrf(`session\n${cookie}`, token)).toBe(true);
    expect(codec.checkCsrf(`session\n${again}`, token)).toBe(false);
    expect(codec.checkCsrf(`session\n${cookie}`, '')).toBe(false);
    expect(createUiSessionCodec('x'.repeat(40)).checkCsrf(`session\n${cookie}`, token)).toBe(false);
  });
});
