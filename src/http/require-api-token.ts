import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ErrorCode, MendbotError } from '../core/errors';
import { isLoopback } from '../intake/is-loopback';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Mutating API calls need `Authorization: Bearer $MENDBOT_API_TOKEN`. With no token configured they are
 * accepted from loopback only, like the webhooks: a safe local default, never an open door.
 */
export function requireApiToken(req: Request, token: string | undefined): void {
  if (!token) {
    if (isLoopback(req.socket.remoteAddress ?? '')) return;
    throw new MendbotError(ErrorCode.LoopbackOnly, 'MENDBOT_API_TOKEN is not set: mutating API calls are accepted from loopback only');
  }
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match || !timingSafeEqual(digest(match[1]!.trim()), digest(token))) {
    throw new MendbotError(ErrorCode.Unauthorized, 'missing or wrong Authorization: Bearer <MENDBOT_API_TOKEN>');
  }
}
