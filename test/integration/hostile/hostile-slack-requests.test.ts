import fs from 'node:fs';
import path from 'node:path';
import { expectRejected } from './expect-rejected';
import { startHostileApp, type HostileApp } from './start-hostile-app';

const fixturesDir = path.join(__dirname, '..', '..', 'fixtures');
const fixtureJson = (name: string) => JSON.parse(fs.readFileSync(path.join(fixturesDir, name), 'utf8')) as Record<string, unknown>;

/** Signed requests to /slack/events that made Bolt throw (500) or wait 3 s (empty 404), and every refusal's body. */
describe('hostile requests: signed Slack bodies of the wrong shape', () => {
  let h: HostileApp;
  beforeAll(async () => {
    h = await startHostileApp();
  });
  afterAll(async () => {
    await h.close();
  });

  describe('signed Slack requests that are JSON but not the expected shape', () => {
    const signed = (body: string, contentType: string, extra: Record<string, string> = {}) => {
      const ts = Math.floor(Date.now() / 1000);
      return fetch(`${h.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': h.signSlack(body, ts), ...extra },
        body,
      });
    };
    const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const click = () => {
      const payload = fixtureJson('slack-block-actions-approve.json');
      payload.actions = [{ action_id: 'mendbot.approve', block_id: 'b', value: 'run_nope', type: 'button', action_ts: '1' }];
      return payload;
    };

    it.each([
      ['null', 'null'],
      ['an array', '[]'],
      ['a string', '"x"'],
      ['a number', '12'],
      ['an object without a type', '{}'],
      ['an event that is a string', '{"type":"event_callback","event":"NaN"}'],
      ['an event that is null', '{"type":"event_callback","event":null}'],
      ['an event whose type is not a string', '{"type":"event_callback","event":{"type":null}}'],
      ['a url_verification without a challenge', '{"type":"url_verification"}'],
      ['an unknown type', '{"type":"NaN"}'],
    ])('JSON body %s is 400 INVALID_PAYLOAD', async (_what, body) => {
      await expectRejected(h, () => signed(body, 'application/json'), 400, 'INVALID_PAYLOAD');
    });

    it('a url_verification challenge nested 10,000 levels deep is 400 INVALID_PAYLOAD', async () => {
      const deep = `{"type":"url_verification","challenge":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      await expectRejected(h, () => signed(deep, 'application/json'), 400, 'INVALID_PAYLOAD', 'challenge');
    });

    it('a body that is not JSON at all is 400 INVALID_JSON', async () => {
      await expectRejected(h, () => signed('{"type":', 'application/json'), 400, 'INVALID_JSON');
      await expectRejected(h, () => signed('payload=%7B', 'application/x-www-form-urlencoded'), 400, 'INVALID_JSON', 'payload');
    });

    it.each([
      ['null', null],
      ['a user that is null', { ...click(), user: null }],
      ['actions that are null', { ...click(), actions: null }],
      ['no actions', { ...click(), actions: [] }],
      ['an action that is null', { ...click(), actions: [null] }],
      ['a channel that is null', { ...click(), channel: null }],
      ['a team that is a string', { ...click(), team: 'T0' }],
      ['response_urls that are null', { ...click(), response_url: undefined, response_urls: null }],
      ['an action of another app', { ...click(), actions: [{ action_id: 'other.app', value: 'x' }] }],
      ['an unknown payload type', { ...click(), type: 'view_submission' }],
    ])('interactivity payload with %s is 400 INVALID_PAYLOAD', async (_what, payload) => {
      const body = await expectRejected(h, () => signed(form(payload), 'application/x-www-form-urlencoded'), 400, 'INVALID_PAYLOAD');
      expect(String(body.path)).toMatch(/^payload/);
    });

    it.each([
      ['another command', { command: '/other', user_id: 'U1', text: 'help' }],
      ['a repeated field', 'command=%2Fmendbot&command=%2Fmendbot&user_id=U1&text=help'],
      ['no command, payload or ssl_check', { user_id: 'U1' }],
    ])('a form with %s is 400 INVALID_PAYLOAD', async (_what, fields) => {
      const body = typeof fields === 'string' ? fields : new URLSearchParams(fields).toString();
      await expectRejected(h, () => signed(body, 'application/x-www-form-urlencoded'), 400, 'INVALID_PAYLOAD');
    });

    it('a content type Slack never sends is 400 INVALID_JSON', async () => {
      await expectRejected(h, () => signed('{"type":"url_verification","challenge":"c"}', 'text/plain'), 400, 'INVALID_JSON');
    });

    it('still answers a well-formed url_verification, an event callback and ssl_check with 200', async () => {
      const verification = await signed('{"type":"url_verification","challenge":"c4ll"}', 'application/json; charset=utf-8');
      expect(verification.status).toBe(200);
      expect(await verification.json()).toEqual({ challenge: 'c4ll' });
      const event = await signed('{"type":"event_callback","event":{"type":"NaN"},"team_id":"T0"}', 'application/json');
      expect(event.status).toBe(200);
      const ssl = await signed('ssl_check=1&token=x', 'application/x-www-form-urlencoded');
      expect(ssl.status).toBe(200);
    });
  });

  describe('every Slack-route rejection has a JSON body', () => {
    const body = 'ssl_check=1&token=x';

    it('401 SIGNATURE_MISSING without the signature headers', async () => {
      await expectRejected(h, () => fetch(`${h.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }), 401, 'SIGNATURE_MISSING');
    });

    it('401 UNAUTHORIZED for a forged signature or a timestamp outside the window', async () => {
      const ts = Math.floor(Date.now() / 1000);
      const post = (timestamp: number, signature: string) =>
        fetch(`${h.url}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
          body,
        });
      await expectRejected(h, () => post(ts, 'v0=00'), 401, 'UNAUTHORIZED');
      await expectRejected(h, () => post(ts - 600, h.signSlack(body, ts - 600)), 401, 'UNAUTHORIZED');
      await expectRejected(h, () => post(ts + 600, h.signSlack(body, ts + 600)), 401, 'UNAUTHORIZED');
    });

    it('413 PAYLOAD_TOO_LARGE for a body over the limit', async () => {
      const ts = Math.floor(Date.now() / 1000);
      const big = `ssl_check=1&x=${'a'.repeat(2 * 1024 * 1024)}`;
      await expectRejected(
        h,
        () =>
          fetch(`${h.url}/slack/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': h.signSlack(big, ts) },
            body: big,
          }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });
  });
});
