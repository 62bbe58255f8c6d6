import { BoundedMap } from '../../src/core/retention/bounded-map';
import type { Logger } from '../../src/telemetry/create-logger';
import type { SlackWebClient } from './create-slack-web-client';

export interface ApproverDirectory {
  /**
   * Whether `userId` is named in `entries`: user IDs compare exactly; `@handle` (or a group ID `S…`) is
   * expanded through Slack's user groups. Throws when a needed group cannot be read and nothing is cached.
   */
  includes(userId: string, entries: readonly string[]): Promise<boolean>;
}

interface Cached<T> {
  at: number;
  value: Promise<T>;
  settled?: T;
}

const groupIdPattern = /^S[A-Z0-9]{2,}$/;

/**
 * Resolves user-group handles to members with usergroups.list (handle → ID) and usergroups.users.list
 * (ID → users), each cached for `ttlMs` (default 5 min): on-call rotations change group membership, but
 * not between two clicks. While Slack cannot be reached, the last known answer is used (logged).
 */
export function createApproverDirectory(deps: { client: SlackWebClient; log: Logger; ttlMs?: number; now?: () => number }): ApproverDirectory {
  const ttlMs = deps.ttlMs ?? 5 * 60_000;
  const now = deps.now ?? Date.now;
  let groups: Cached<Map<string, string>> | undefined;
  // Keyed by the groups playbooks name, bounded all the same: a cache must not be a leak.
  const members = new BoundedMap<string, Cached<Set<string>>>({ maxEntries: 500 });

  /** Fresh value, else a new fetch; a failed fetch falls back to the previous settled value if there is one. */
  const cached = async <T>(current: Cached<T> | undefined, fetch: () => Promise<T>, store: (c: Cached<T>) => void, what: string): Promise<T> => {
    if (current && now() - current.at < ttlMs) return current.value;
    const entry: Cached<T> = { at: now(), value: fetch() };
    store(entry);
    try {
      entry.settled = await entry.value;
      return entry.settled;
    } catch (error) {
      if (current?.settled !== undefined) {
        deps.log.warn({ err: error, component: 'slack' }, `could not refresh ${what}; using the copy from ${new Date(current.at).toISOString()}`);
        store(current);
        return current.settled;
      }
      store({ at: Number.NEGATIVE_INFINITY, value: entry.value });
      throw error;
    }
  };

  const groupIdsByHandle = () =>
    cached(
      groups,
      async () => {
        const res = await deps.client.usergroups.list({ include_disabled: false });
        return new Map((res.usergroups ?? []).filter((g) => g.handle && g.id).map((g) => [g.handle!, g.id!]));
      },
      (c) => {
        groups = c;
      },
      'user groups',
    );

  const membersOf = (groupId: string) =>
    cached(
      members.get(groupId),
      async () => new Set((await deps.client.usergroups.users.list({ usergroup: groupId })).users ?? []),
      (c) => members.set(groupId, c),
      `members of user group ${groupId}`,
    );

  return {
    async includes(userId, entries) {
      if (entries.includes(userId)) return true;
      for (const entry of entries) {
        let groupId: string | undefined;
        if (groupIdPattern.test(entry)) groupId = entry;
        else if (entry.startsWith('@')) {
          groupId = (await groupIdsByHandle()).get(entry.slice(1));
          if (!groupId) deps.log.warn({ component: 'slack', handle: entry }, 'no Slack user group has this handle; it names nobody');
        }
        if (groupId && (await membersOf(groupId)).has(userId)) return true;
      }
      return false;
    },
  };
}
