import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import { parseSlackRequest } from './parse-slack-request';

const fixtures = path.join(__dirname, '../../test/fixtures');
const form = 'application/x-www-form-urlencoded';
const click = () => JSON.parse(fs.readFileSync(path.join(fixtures, 'slack-block-actions-approve.json'), 'utf8')) as Record<string, unknown>;
const payloadForm = (payload: unknown) => Buffer.from(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
const command = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());

function errorOf(run: () => unknown): MendbotError {
  try {
    run();
  } catch (error) {
    if (error instanceof MendbotError) return error;
    throw error;
  }
  throw new Error('expected a MendbotError');
}

describe('parseSlackRequest', () => {
  it('classifies what Slack sends: the captured click, a slash command, ssl_check, url_verification, an event', () => {
    // The captured click is another app's button (remediation.approve): same shape, mendbot's action id.
    const captured = fs.readFileSync(path.join(fixtures, 'slack-block-actions-approve.form.txt'), 'utf8').replaceAll('remediation.approve', 'mendbot.approve');
    expect(parseSlackRequest(Buffer.from(captured), form, '/mendbot')).toEqual({ kind: 'block_actions', mediaType: form });
    expect(parseSlackRequest(command({ command: '/mendbot', user_id: 'U1', text: 'help' }), `${form}; charset=utf-8`, '/mendbot')).toEqual({ kind: 'command', mediaType: form });
    expect(parseSlackRequest(Buffer.from('ssl_check=1&token=x'), form, '/mendbot').kind).toBe('ssl_check');
    expect(parseSlackRequest(Buffer.from('{"type":"url_verification","challenge":"c"}'), 'application/json; charset=utf-8', '/mendbot')).toEqual({
      kind: 'url_verification',
      mediaType: 'application/json',
    });
    expect(parseSlackRequest(Buffer.from('{"type":"event_callback","event":{"type":"NaN"}}'), 'Application/JSON', '/mendbot').kind).toBe('event_callback');
  });

  it('takes the command name it was given', () => {
    expect(parseSlackRequest(command({ command: '/remediate', user_id: 'U1' }), form, '/remediate').kind).toBe('command');
    expect(errorOf(() => parseSlackRequest(command({ command: '/remediate', user_id: 'U1' }), form, '/mendbot'))).toMatchObject({ code: ErrorCode.InvalidPayload, path: 'command' });
  });

  it.each([
    ['a user that is null', { ...click(), user: null }, 'payload.user'],
    ['actions that are null', { ...click(), actions: null }, 'payload.actions'],
    ['an empty actions list', { ...click(), actions: [] }, 'payload.actions'],
    ['an action that is not an object', { ...click(), actions: ['x'] }, 'payload.actions.0'],
    ['another app’s action', { ...click(), actions: [{ action_id: 'other' }] }, 'payload.actions.0.action_id'],
    ['a channel that is null', { ...click(), channel: null }, 'payload.channel'],
    ['response_urls that are null', { ...click(), response_urls: null }, 'payload.response_urls'],
    ['an event key', { ...click(), event: {} }, 'payload.event'],
    ['another payload type', { ...click(), type: 'view_submission' }, 'payload.type'],
    ['a payload that is an array', [], 'payload.type'],
  ])('refuses a click payload with %s at its path', (_what, payload, expectedPath) => {
    expect(errorOf(() => parseSlackRequest(payloadForm(payload), form, '/mendbot'))).toMatchObject({ code: ErrorCode.InvalidPayload, path: expectedPath });
  });

  it.each([
    ['null', 'null', undefined],
    ['a string', '"x"', undefined],
    ['no type', '{}', 'type'],
    ['an unknown type', '{"type":"app_rate_limited"}', 'type'],
    ['a challenge that is not a string', '{"type":"url_verification","challenge":[[[]]]}', 'challenge'],
    ['an event that is a string', '{"type":"event_callback","event":"x"}', 'event'],
  ])('refuses a JSON body that is %s', (_what, text, expectedPath) => {
    expect(errorOf(() => parseSlackRequest(Buffer.from(text), 'application/json', '/mendbot'))).toMatchObject({ code: ErrorCode.InvalidPayload, path: expectedPath });
  });

  it('refuses a repeated form field, a form with nothing mendbot handles, and an event key in a command', () => {
    expect(errorOf(() => parseSlackRequest(Buffer.from('command=%2Fmendbot&user_id=U1&user_id=U2'), form, '/mendbot'))).toMatchObject({ path: 'user_id' });
    expect(errorOf(() => parseSlackRequest(Buffer.from('user_id=U1'), form, '/mendbot'))).toMatchObject({ code: ErrorCode.InvalidPayload, path: undefined });
    expect(errorOf(() => parseSlackRequest(Buffer.from('command=%2Fmendbot&user_id=U1&event=x'), form, '/mendbot'))).toMatchObject({ path: 'event' });
  });

  it('answers INVALID_JSON for bodies it cannot read at all', () => {
    expect(errorOf(() => parseSlackRequest(Buffer.from('{'), 'application/json', '/mendbot'))).toMatchObject({ code: ErrorCode.InvalidJson });
    expect(errorOf(() => parseSlackRequest(Buffer.from('payload=%7B'), form, '/mendbot'))).toMatchObject({ code: ErrorCode.InvalidJson, path: 'payload' });
    expect(errorOf(() => parseSlackRequest(Buffer.from('{}'), 'text/plain', '/mendbot'))).toMatchObject({ code: ErrorCode.InvalidJson });
    expect(errorOf(() => parseSlackRequest(Buffer.from('{}'), undefined, '/mendbot'))).toMatchObject({ code: ErrorCode.InvalidJson });
  });
});
