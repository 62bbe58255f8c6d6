import { apiRoles, apiTokenNamePattern, minimumTokenLength, sha256Hex, type ApiRole, type ApiTokenEntry } from './api-token-entry';

const sha256Pattern = /^[0-9a-fA-F]{64}$/;
const nameRule = 'letters, digits, ".", "_" or "-", at most 64, starting with a letter or digit';

const isRole = (value: unknown): value is ApiRole => typeof value === 'string' && (apiRoles as readonly string[]).includes(value);

/**
 * One entry of either form, from its parts. Problems never quote the token or hash (they end up in logs);
 * the name is not secret and is quoted so the reader finds the entry.
 */
function toEntry(where: string, name: unknown, role: unknown, secret: { token?: unknown; sha256?: unknown }): { entry?: ApiTokenEntry; problem?: string } {
  if (typeof name !== 'string' || !apiTokenNamePattern.test(name)) {
    return { problem: `${where}: name must be ${nameRule}` };
  }
  const label = `${where} (${JSON.stringify(name)})`;
  if (!isRole(role)) return { problem: `${label}: role must be one of ${apiRoles.join(', ')}` };
  const hasToken = secret.token !== undefined && secret.token !== null;
  const hasHash = secret.sha256 !== undefined && secret.sha256 !== null;
  if (hasToken === hasHash) return { problem: `${label}: give exactly one of token or sha256` };
  if (hasHash) {
    if (typeof secret.sha256 !== 'string' || !sha256Pattern.test(secret.sha256.trim())) {
      return { problem: `${label}: sha256 must be 64 hex digits (printf %s "$TOKEN" | sha256sum)` };
    }
    return { entry: { name, role, sha256: secret.sha256.trim().toLowerCase() } };
  }
  const token = typeof secret.token === 'string' ? secret.token.trim() : '';
  if (token.length < minimumTokenLength) {
    return { problem: `${label}: token must be a string of at least ${minimumTokenLength} characters (e.g. openssl rand -hex 32)` };
  }
  return { entry: { name, role, sha256: sha256Hex(token) } };
}

/**
 * MENDBOT_API_TOKENS: comma-separated `name:role:token` entries; `name:role:sha256:<64 hex>` gives the hash
 * instead of the token. The token is everything after the second colon, so it may contain colons but not
 * commas. Throws with a reason that never contains a token.
 */
export function parseApiTokensEnv(value: string): ApiTokenEntry[] {
  const entries: ApiTokenEntry[] = [];
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const [i, item] of items.entries()) {
    const first = item.indexOf(':');
    const second = first < 0 ? -1 : item.indexOf(':', first + 1);
    const where = `entry ${i + 1}`;
    if (second < 0) throw new Error(`${where} is not name:role:token`);
    const rest = item.slice(second + 1);
    const secret = rest.startsWith('sha256:') ? { sha256: rest.slice('sha256:'.length) } : { token: rest };
    const { entry, problem } = toEntry(where, item.slice(0, first), item.slice(first + 1, second), secret);
    if (problem !== undefined) throw new Error(problem);
    entries.push(entry!);
  }
  if (entries.length === 0) throw new Error('no entry');
  return entries;
}

/**
 * The MENDBOT_API_TOKENS_FILE document, already parsed from YAML or JSON: a list of
 * `{ name, role, sha256 }` or `{ name, role, token }` mappings (the hash form keeps the token itself out
 * of the Secret). Returns every problem found, each naming the entry by position and name.
 */
export function parseApiTokensDocument(document: unknown, file: string): { entries: ApiTokenEntry[]; problems: string[] } {
  if (!Array.isArray(document) || document.length === 0) {
    return { entries: [], problems: [`MENDBOT_API_TOKENS_FILE ${file}: must be a non-empty list of {name, role, sha256 or token}`] };
  }
  const entries: ApiTokenEntry[] = [];
  const problems: string[] = [];
  for (const [i, item] of document.entries()) {
    const where = `MENDBOT_API_TOKENS_FILE ${file}: entry ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${where}: must be a mapping {name, role, sha256 or token}`);
      continue;
    }
    const record = item as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => !['name', 'role', 'sha256', 'token'].includes(k));
    if (unknown.length > 0) {
      problems.push(`${where}: unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')} (allowed: name, role, sha256, token)`);
      continue;
    }
    const { entry, problem } = toEntry(where, record.name, record.role, { token: record.token, sha256: record.sha256 });
    if (problem !== undefined) problems.push(problem);
    else entries.push(entry!);
  }
  return { entries, problems };
}
