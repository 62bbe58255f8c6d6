import type { IncomingHttpHeaders } from 'node:http';
import type { UiSettings } from '../../config/ui-settings';
import { isLoopback } from '../../intake/is-loopback';
import type { UiSessionCodec } from './create-ui-session-codec';
import { readCookie } from './read-cookie';
import { UiRefusal } from './ui-refusal';
import type { UiViewer } from './ui-viewer';

/** The session cookie's name (Path=/ui, HTTP-only, SameSite=Strict). */
export const sessionCookieName = 'mendbot_ui';

export interface IdentifyDeps {
  settings: Pick<UiSettings, 'trustedHeader' | 'proxyRoles'>;
  codec: UiSessionCodec;
  isTrustedProxy(address: string): boolean;
  /** No API token configured: like the API, loopback clients are the admin at the laptop. */
  loopbackMode: boolean;
}

/**
 * Who is asking, or undefined (the page sends them to sign in). In order: the trusted header, only from a
 * trusted proxy (the header from anywhere else is refused 403: a client forging its identity must not be
 * mistaken for an anonymous visitor); a valid session cookie; in loopback mode, a loopback peer.
 */
export function identifyUiViewer(headers: IncomingHttpHeaders, peer: string, nowMs: number, deps: IdentifyDeps): UiViewer | undefined {
  const header = deps.settings.trustedHeader;
  const claimed = header !== undefined ? headers[header] : undefined;
  if (claimed !== undefined) {
    if (!deps.isTrustedProxy(peer)) throw new UiRefusal(403, `the ${header} header is only accepted from the configured proxies (MENDBOT_UI_TRUSTED_PROXIES)`);
    const name = (Array.isArray(claimed) ? claimed[0] : claimed)?.trim() ?? '';
    if (name === '' || name.length > 200) throw new UiRefusal(403, `the ${header} header names no user`);
    return { name, role: deps.settings.proxyRoles[name] ?? 'viewer', via: 'proxy', csrfSubject: `proxy\n${name}` };
  }
  const cookie = readCookie(headers.cookie, sessionCookieName);
  const session = cookie !== undefined ? deps.codec.verify(cookie, nowMs) : undefined;
  if (session) return { name: session.name, role: session.role, via: 'session', csrfSubject: `session\n${cookie}` };
  if (deps.loopbackMode && isLoopback(peer)) return { name: 'loopback', role: 'admin', via: 'loopback', csrfSubject: 'loopback' };
  return undefined;
}
