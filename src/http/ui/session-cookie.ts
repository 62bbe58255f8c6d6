import type { Request } from 'express';
import { sessionCookieName } from './identify-ui-viewer';

/**
 * The Set-Cookie value for a session (or, with maxAgeSeconds 0, its deletion): HTTP-only, SameSite=Strict,
 * scoped to the console's path (under the proxy's X-Forwarded-Prefix when there is one), Secure when the
 * request came over HTTPS.
 */
export function sessionCookie(req: Request, value: string, maxAgeSeconds: number): string {
  const prefix = String(req.headers['x-forwarded-prefix'] ?? '').replace(/\/+$/, '');
  const path = /^\/[A-Za-z0-9._~/-]*$/.test(prefix) ? `${prefix}/ui` : '/ui';
  const secure = req.secure || String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() === 'https';
  return `${sessionCookieName}=${value}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
