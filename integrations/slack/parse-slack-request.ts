import querystring from 'node:querystring';
import type { z } from 'zod';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import { slackBlockActionsSchema, slackCommandSchema, slackEventCallbackSchema, slackUrlVerificationSchema } from './slack-request-schema';

const formMediaType = 'application/x-www-form-urlencoded';
const jsonMediaType = 'application/json';

/** What a verified request to /slack/events is; `mediaType` is its content type without parameters. */
export interface SlackRequest {
  kind: 'ssl_check' | 'command' | 'block_actions' | 'url_verification' | 'event_callback';
  mediaType: typeof formMediaType | typeof jsonMediaType;
}

/**
 * Classifies and checks a signed body the way Bolt will read it (querystring.parse for forms, a form's
 * `payload` field or the whole body as JSON), so that whatever passes is a request a mendbot listener
 * acknowledges at once. Throws INVALID_JSON (unreadable) or INVALID_PAYLOAD with the field's `path`.
 */
export function parseSlackRequest(rawBody: Buffer, contentType: string | undefined, commandName: string): SlackRequest {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = rawBody.toString('utf8');
  if (mediaType === formMediaType) return { kind: parseForm(text, commandName), mediaType };
  if (mediaType === jsonMediaType) return { kind: parseJsonBody(parseJson(text, ''), ''), mediaType };
  throw new MendbotError(ErrorCode.InvalidJson, `content-type ${contentType ? `"${contentType}"` : 'missing'}: Slack sends ${formMediaType} or ${jsonMediaType}`);
}

function parseForm(text: string, commandName: string): SlackRequest['kind'] {
  const fields = querystring.parse(text);
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string') throw invalid(key, 'repeated field');
  }
  if (fields.payload !== undefined) {
    const payload = parseJson(fields.payload as string, 'payload');
    if (!isPlainObject(payload) || payload.type !== 'block_actions') throw invalid('payload.type', 'expected "block_actions": mendbot offers no other interactivity');
    check(slackBlockActionsSchema, payload, 'payload');
    return 'block_actions';
  }
  // Bolt answers ssl_check itself whenever the field is non-empty.
  if (typeof fields.ssl_check === 'string' && fields.ssl_check !== '') return 'ssl_check';
  if (fields.command !== undefined) {
    const command = check(slackCommandSchema, fields, '');
    if (command.command !== commandName) throw invalid('command', `mendbot answers ${commandName} only`);
    return 'command';
  }
  throw invalid('', 'expected a slash command, an interactivity payload or ssl_check');
}

function parseJsonBody(body: unknown, prefix: string): SlackRequest['kind'] {
  if (!isPlainObject(body)) throw invalid(prefix, 'expected a JSON object');
  switch (body.type) {
    case 'url_verification':
      check(slackUrlVerificationSchema, body, prefix);
      return 'url_verification';
    case 'event_callback':
      check(slackEventCallbackSchema, body, prefix);
      return 'event_callback';
    case 'block_actions':
      check(slackBlockActionsSchema, body, prefix);
      return 'block_actions';
    default:
      throw invalid(join(prefix, 'type'), 'expected "url_verification", "event_callback" or "block_actions"');
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MendbotError(ErrorCode.InvalidJson, `Slack request ${path || 'body'} is not JSON`, { path: path || undefined, cause: error });
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw invalid(join(prefix, issue?.path.map(String).join('.') ?? ''), issue?.message ?? 'invalid');
}

function invalid(path: string, message: string): MendbotError {
  return new MendbotError(ErrorCode.InvalidPayload, `Slack request ${path || 'body'}: ${message}`, { path: path || undefined });
}

function join(prefix: string, path: string): string {
  return [prefix, path].filter((p) => p !== '').join('.');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
