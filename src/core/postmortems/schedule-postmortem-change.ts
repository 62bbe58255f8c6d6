import type { PostmortemFields } from './postmortem-record';

/** An upsert: `set` on the record either way, `onCreate` only when there was none. */
export interface PostmortemSchedule {
  set: PostmortemFields & Required<Pick<PostmortemFields, 'state' | 'reason' | 'dueAt' | 'attempts' | 'updatedAt'>>;
  onCreate: PostmortemFields;
}

/**
 * Asks for an incident's postmortem to be (re)built at `dueAt`. A new record starts empty; an existing one
 * (filed, deferred or pending) becomes pending again with fresh attempts and keeps its ticket, so the
 * rebuilt postmortem updates the ticket already filed instead of opening a second one.
 */
export function schedulePostmortemChange(reason: string, dueAt: string, now: string): PostmortemSchedule {
  return {
    set: { state: 'pending', reason, dueAt, attempts: 0, updatedAt: now },
    onCreate: { lastError: null, ticket: null, filedAt: null, leaseOwner: null, leaseExpiresAt: null },
  };
}
