import type { ApiRole } from '../../config/api-token-entry';

/** The person using the console: recorded by name on every action, allowed what the role allows. */
export interface UiViewer {
  name: string;
  role: ApiRole;
  /** How they were identified: a signed-in session, an authenticating proxy, or laptop mode. */
  via: 'session' | 'proxy' | 'loopback';
  /** What their CSRF token is derived from: the session cookie, or the proxy user. */
  csrfSubject: string;
}

const rank: Record<ApiRole, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether the viewer's role includes `needed` (viewer < operator < admin, as for API tokens). */
export function mayAct(viewer: Pick<UiViewer, 'role'>, needed: ApiRole): boolean {
  return rank[viewer.role] >= rank[needed];
}
