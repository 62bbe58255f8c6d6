import type { ApiRole } from './api-token-entry';

/** How people sign in to the web console (/ui). */
export interface UiSettings {
  /**
   * MENDBOT_UI_SESSION_KEY: signs session cookies and CSRF tokens. Set it (the same on every replica) so
   * sessions survive restarts and work behind a load balancer; unset, each process draws a random key.
   */
  sessionKey?: string;
  /** MENDBOT_UI_SESSION_TTL, default '12h': how long a console session lasts after sign-in. */
  sessionTtlMs: number;
  /** MENDBOT_UI_TRUSTED_HEADER (lower-cased): the header an authenticating proxy puts the user in. */
  trustedHeader?: string;
  /** MENDBOT_UI_TRUSTED_PROXIES: the only peer addresses (CIDRs) whose trusted header is believed. */
  trustedProxies: string[];
  /** MENDBOT_UI_PROXY_ROLES: the role of each proxy user; anyone not listed is a viewer. */
  proxyRoles: Record<string, ApiRole>;
}
