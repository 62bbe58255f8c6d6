import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import type { AlertSource, WebhookRequest } from '../../src/intake/alert-source';
import { createAlertmanagerSource } from './create-alertmanager-source';

const TOKEN = 'am-test-token';
const BASIC = { username: 'am', password: 's3cret' };
const firingBody = fs.readFileSync(path.join(__dirname, '../../test/fixtures/alertmanager-firing.wire.json'));

function request(authorization?: string, remoteAddress = '10.0.0.5'): WebhookRequest {
  return {
    headers: authorization === undefined ? {} : { authorization },
    rawBody: firingBody,
    remoteAddress,
  };
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function authError(source: AlertSource, req: WebhookRequest): MendbotError {
  try {
    source.authenticate(req);
  } catch (error) {
    if (error instanceof MendbotError) return error;
    throw error;
  }
  throw new Error('expected authenticate to throw');
}

describe('createAlertmanagerSource', () => {
  it('registers as the `alertmanager` source', () => {
    expect(createAlertmanagerSource({}).name).toBe('alertmanager');
  });

  it('parses the request body as an Alertmanager webhook', () => {
    const delivery = createAlertmanagerSource({ token: TOKEN }).parse(request());
    expect(delivery).toMatchObject({ source: 'alertmanager', eventType: 'notification' });
    expect(delivery.alerts).toHaveLength(2);
  });

  describe('with ALERTMANAGER_TOKEN set', () => {
    const source = createAlertmanagerSource({ token: TOKEN });

    it('accepts `Authorization: Bearer <token>` from any address', () => {
      expect(() => source.authenticate(request(`Bearer ${TOKEN}`))).not.toThrow();
    });

    it('accepts the scheme in any case, since `authorization.type` is free text in Alertmanager', () => {
      expect(() => source.authenticate(request(`bearer ${TOKEN}`))).not.toThrow();
    });

    it.each([
      ['a wrong token', `Bearer ${TOKEN}x`],
      ['a token prefix', `Bearer ${TOKEN.slice(0, 4)}`],
      ['no token after the scheme', 'Bearer '],
      ['the token under another scheme', `Token ${TOKEN}`],
      ['basic auth instead', basic('am', TOKEN)],
    ])('rejects %s with UNAUTHORIZED', (_name, header) => {
      expect(authError(source, request(header)).code).toBe(ErrorCode.Unauthorized);
    });

    it('rejects a request without Authorization with UNAUTHORIZED, even from loopback', () => {
      const error = authError(source, request(undefined, '127.0.0.1'));
      expect(error.code).toBe(ErrorCode.Unauthorized);
      expect(error.status).toBe(401);
    });
  });

  describe('with ALERTMANAGER_BASIC_AUTH set', () => {
    const source = createAlertmanagerSource({ basicAuth: BASIC });

    it('accepts `Authorization: Basic base64(user:pass)`', () => {
      expect(() => source.authenticate(request(basic('am', 's3cret')))).not.toThrow();
    });

    it.each([
      ['a wrong password', basic('am', 'wrong')],
      ['a wrong user', basic('root', 's3cret')],
      ['a bearer token', 'Bearer s3cret'],
    ])('rejects %s with UNAUTHORIZED', (_name, header) => {
      expect(authError(source, request(header)).code).toBe(ErrorCode.Unauthorized);
    });

    it('rejects a request without Authorization with UNAUTHORIZED', () => {
      expect(authError(source, request()).code).toBe(ErrorCode.Unauthorized);
    });
  });

  describe('with both a token and basic auth set', () => {
    const source = createAlertmanagerSource({ token: TOKEN, basicAuth: BASIC });

    it('accepts either, so a receiver can switch without dropping notifications', () => {
      expect(() => source.authenticate(request(`Bearer ${TOKEN}`))).not.toThrow();
      expect(() => source.authenticate(request(basic('am', 's3cret')))).not.toThrow();
    });

    it('does not accept the password as a bearer token', () => {
      expect(authError(source, request('Bearer s3cret')).code).toBe(ErrorCode.Unauthorized);
    });
  });

  describe('with no credential configured', () => {
    const source = createAlertmanagerSource({});

    it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('accepts a loopback client at %s without credentials', (address) => {
      expect(() => source.authenticate(request(undefined, address))).not.toThrow();
    });

    // Only the loopback addresses themselves: a sidecar proxy forwards from 127.0.0.6, so the rest of
    // 127.0.0.0/8 can be anyone in the cluster.
    it.each(['127.0.0.53', '127.0.0.6'])('refuses %s, inside 127.0.0.0/8 but not the loopback address, with LOOPBACK_ONLY', (address) => {
      expect(authError(source, request(undefined, address)).code).toBe(ErrorCode.LoopbackOnly);
    });

    it('refuses 10.0.0.5 with LOOPBACK_ONLY and says how to allow it', () => {
      const error = authError(source, request(undefined, '10.0.0.5'));
      expect(error.code).toBe(ErrorCode.LoopbackOnly);
      expect(error.status).toBe(403);
      expect(error.message).toContain('ALERTMANAGER_TOKEN');
    });

    it('treats a blank token as not configured', () => {
      const blank = createAlertmanagerSource({ token: '' });
      expect(authError(blank, request('Bearer ', '10.0.0.5')).code).toBe(ErrorCode.LoopbackOnly);
    });
  });
});
