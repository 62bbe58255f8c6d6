import { createHash } from 'node:crypto';

/**
 * What an API token may do. Each role includes the ones before it: viewer reads; operator also approves,
 * rejects, resolves, runs and pauses one playbook; admin also flips the global kill switch, acts on behalf
 * of a named person (chat bridges) and calls whatever has no narrower role.
 */
export const apiRoles = ['viewer', 'operator', 'admin'] as const;
export type ApiRole = (typeof apiRoles)[number];

/** One configured API identity. Only the SHA-256 of the token is kept; the token itself is never stored. */
export interface ApiTokenEntry {
  /** Recorded as the actor of everything done with the token (approvals, pauses). */
  name: string;
  role: ApiRole;
  /** Lower-case hex SHA-256 of the token's UTF-8 bytes. */
  sha256: string;
}

/** The name MENDBOT_API_TOKEN (the single-token form from before roles existed) is known by; it is an admin. */
export const legacyTokenName = 'default';

/** Names appear in timelines and logs: short, no spaces, no punctuation that could be mistaken for markup. */
export const apiTokenNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Plain tokens in the new forms must be at least this long (e.g. `openssl rand -hex 32` gives 64). */
export const minimumTokenLength = 16;

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** MENDBOT_API_TOKEN as an entry: the admin named `default`. */
export function legacyTokenEntry(token: string): ApiTokenEntry {
  return { name: legacyTokenName, role: 'admin', sha256: sha256Hex(token) };
}
