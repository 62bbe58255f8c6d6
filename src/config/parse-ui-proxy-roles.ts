import { apiRoles, type ApiRole } from './api-token-entry';

/**
 * MENDBOT_UI_PROXY_ROLES: `name:role,…` — the console role of each user an authenticating proxy names
 * (users not listed are viewers). Throws naming the first bad entry.
 */
export function parseUiProxyRoles(value: string): Record<string, ApiRole> {
  const roles: Record<string, ApiRole> = {};
  for (const item of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const i = item.lastIndexOf(':');
    const name = item.slice(0, i).trim();
    const role = item.slice(i + 1).trim();
    if (i <= 0 || name === '' || !(apiRoles as readonly string[]).includes(role)) {
      throw new Error(`${JSON.stringify(item)} is not name:role with role one of ${apiRoles.join(', ')}`);
    }
    roles[name] = role as ApiRole;
  }
  return roles;
}
