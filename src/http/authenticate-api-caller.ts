import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiRole, ApiTokenEntry } from '../config/api-token-entry';
import { ErrorCode, MendbotError } from '../core/errors';
import { isLoopback } from '../intake/is-loopback';

/** Who is calling the API. */
export interface ApiCaller {
  /** The token's name; `loopback` when no token is configured and the client is on this machine. */
  name: string;
  role: ApiRole;
  /** False in loopback mode: there is no credential to name, so a `by` is recorded as given. */
  viaToken: boolean;
}

/** The identity of a loopback client when no token is configured: whoever sits at the laptop. */
const loopbackCaller: ApiCaller = { name: 'loopback', role: 'admin', viaToken: false };

/**
 * `Authorization: Bearer <token>` → the configured identity whose SHA-256 matches. Every entry is compared
 * (constant time, no early exit), so the answer time says nothing about which entry or how much matched.
 * With no token configured, true loopback clients are served as admin and everyone else is refused.
 */
export function authenticateApiCaller(headers: IncomingHttpHeaders, peerAddress: string, tokens: readonly ApiTokenEntry[]): ApiCaller {
  if (tokens.length === 0) {
    if (isLoopback(peerAddress)) return loopbackCaller;
    throw new MendbotError(
      ErrorCode.LoopbackOnly,
      'no API token is configured, so /api answers loopback clients (127.0.0.1, ::1) only; set MENDBOT_API_TOKENS or MENDBOT_API_TOKENS_FILE',
    );
  }
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  if (!match) throw new MendbotError(ErrorCode.Unauthorized, 'missing Authorization: Bearer <API token>');
  const presented = createHash('sha256').update(match[1]!.trim(), 'utf8').digest();
  let found: ApiTokenEntry | undefined;
  for (const entry of tokens) {
    if (timingSafeEqual(presented, Buffer.from(entry.sha256, 'hex')) && found === undefined) found = entry;
  }
  if (!found) throw new MendbotError(ErrorCode.Unauthorized, 'the API token is not one this server knows');
  return { name: found.name, role: found.role, viaToken: true };
}
