import { createHash, timingSafeEqual } from 'node:crypto';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import type { AlertSource, WebhookRequest } from '../../src/intake/alert-source';
import { isLoopback } from '../../src/intake/is-loopback';
import { parseAlertmanagerWebhook } from './parse-alertmanager-webhook';

export interface AlertmanagerSourceOptions {
  /** ALERTMANAGER_TOKEN: expected as `Authorization: Bearer <token>` (receiver `http_config.authorization`). */
  token?: string;
  /** ALERTMANAGER_BASIC_AUTH: expected as `Authorization: Basic …` (receiver `http_config.basic_auth`). */
  basicAuth?: { username: string; password: string };
}

/**
 * The `alertmanager` source. Alertmanager does not sign bodies, so the credentials its receiver's
 * `http_config` sends (bearer or basic auth) are the only proof of origin. With a token and basic auth both set
 * either is accepted, so a receiver can move from one to the other without a gap; with neither, only loopback
 * clients get in.
 */
export function createAlertmanagerSource(options: AlertmanagerSourceOptions): AlertSource {
  // A blank token counts as not configured, as main.ts reports it, rather than as a secret anyone knows.
  const bearer = options.token ? digest(options.token) : undefined;
  const basic = options.basicAuth ? digest(`${options.basicAuth.username}:${options.basicAuth.password}`) : undefined;

  return {
    name: 'alertmanager',

    authenticate(request: WebhookRequest): void {
      if (bearer === undefined && basic === undefined) {
        if (isLoopback(request.remoteAddress)) return;
        throw new MendbotError(
          ErrorCode.LoopbackOnly,
          `no Alertmanager credential is configured, so only loopback clients are accepted (got ${request.remoteAddress || 'unknown address'}): ` +
            'set ALERTMANAGER_TOKEN (or ALERTMANAGER_BASIC_AUTH) and the same credentials in the receiver http_config',
        );
      }
      const credentials = parseAuthorization(request.headers.authorization);
      const expected = credentials?.scheme === 'bearer' ? bearer : credentials?.scheme === 'basic' ? basic : undefined;
      if (credentials === undefined || expected === undefined || !matches(credentials, expected)) {
        throw new MendbotError(ErrorCode.Unauthorized, `missing or wrong Authorization header: expected ${describe(bearer, basic)}`);
      }
    },

    parse(request: WebhookRequest) {
      return parseAlertmanagerWebhook(request.rawBody);
    },
  };
}

interface Credentials {
  /** Lower-cased: auth schemes are case-insensitive (RFC 9110 11.1), and `authorization.type` is free text. */
  scheme: string;
  value: string;
}

function parseAuthorization(header: string | string[] | undefined): Credentials | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^\s*(\S+)\s+(\S.*?)\s*$/.exec(header);
  if (!match) return undefined;
  return { scheme: match[1]!.toLowerCase(), value: match[2]! };
}

function matches(credentials: Credentials, expected: Buffer): boolean {
  // Basic is compared decoded, so padding or encoder differences in base64 do not matter.
  const presented = credentials.scheme === 'basic' ? Buffer.from(credentials.value, 'base64').toString('utf8') : credentials.value;
  // Equal-length digests let timingSafeEqual compare without leaking the secret's length or prefix.
  return timingSafeEqual(digest(presented), expected);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function describe(bearer: Buffer | undefined, basic: Buffer | undefined): string {
  if (bearer && basic) return 'Bearer <ALERTMANAGER_TOKEN> or Basic <ALERTMANAGER_BASIC_AUTH>';
  return bearer ? 'Bearer <ALERTMANAGER_TOKEN>' : 'Basic <ALERTMANAGER_BASIC_AUTH>';
}
