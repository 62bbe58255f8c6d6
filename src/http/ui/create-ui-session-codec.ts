import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { apiRoles, type ApiRole } from '../../config/api-token-entry';

/** What a console session cookie carries: who, with which role, until when (epoch ms). */
interface UiSession {
  name: string;
  role: ApiRole;
  expiresAt: number;
}

export interface UiSessionCodec {
  /** `<base64url JSON>.<base64url HMAC>`: readable, but any change breaks the signature. */
  sign(session: UiSession): string;
  /** The session, or undefined when the value is malformed, tampered with or expired at `nowMs`. */
  verify(value: string, nowMs: number): UiSession | undefined;
  /** The CSRF token of a subject (a session cookie, a proxy user): an HMAC, so nothing needs storing. */
  csrfToken(subject: string): string;
  checkCsrf(subject: string, token: string): boolean;
}

const equal = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Signs sessions with MENDBOT_UI_SESSION_KEY (shared by replicas, survives restarts) or, without it, a
 * random key of this process. Sessions are stateless, so there is nothing to store or replicate; signing
 * out deletes the cookie (a copied cookie stays valid until it expires — keep the TTL short).
 */
export function createUiSessionCodec(key: string | undefined): UiSessionCodec {
  const secret = key !== undefined ? Buffer.from(key, 'utf8') : randomBytes(32);
  const mac = (purpose: string, data: string) => createHmac('sha256', secret).update(`${purpose}\n${data}`).digest('base64url');
  return {
    sign(session) {
      // A nonce makes every sign-in's cookie (and so its CSRF token) distinct.
      const payload = Buffer.from(JSON.stringify({ n: session.name, r: session.role, e: session.expiresAt, i: randomBytes(9).toString('base64url') })).toString('base64url');
      return `${payload}.${mac('session', payload)}`;
    },
    verify(value, nowMs) {
      const [payload, signature, extra] = value.split('.');
      if (!payload || !signature || extra !== undefined || !equal(signature, mac('session', payload))) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      if (typeof parsed !== 'object' || parsed === null) return undefined;
      const { n, r, e } = parsed as Record<string, unknown>;
      if (typeof n !== 'string' || n === '' || typeof e !== 'number' || !(apiRoles as readonly unknown[]).includes(r)) return undefined;
      if (e <= nowMs) return undefined;
      return { name: n, role: r as ApiRole, expiresAt: e };
    },
    csrfToken(subject) {
      return mac('csrf', subject);
    },
    checkCsrf(subject, token) {
      return equal(token, mac('csrf', subject));
    },
  };
}
