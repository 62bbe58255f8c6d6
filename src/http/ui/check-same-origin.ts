import type { IncomingHttpHeaders } from 'node:http';
import { UiRefusal } from './ui-refusal';

/**
 * A state-changing console request must come from the console's own pages: browsers send
 * `Sec-Fetch-Site` (anything but same-origin is refused) and `Origin` on form posts (its host must be the
 * one the request was sent to, directly or as the proxy forwarded it). Together with the CSRF token this
 * keeps another site from pressing buttons with a person's session.
 */
export function checkSameOrigin(headers: IncomingHttpHeaders): void {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new UiRefusal(403, `cross-site request refused (Sec-Fetch-Site: ${site})`);
  const origin = headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new UiRefusal(403, 'cross-site request refused (unreadable Origin)');
  }
  const forwarded = headers['x-forwarded-host'];
  const hosts = [headers.host, ...(Array.isArray(forwarded) ? forwarded : (forwarded ?? '').split(','))].map((h) => h?.trim().toLowerCase()).filter(Boolean);
  if (!hosts.includes(host.toLowerCase())) throw new UiRefusal(403, `cross-site request refused (Origin ${origin})`);
}
