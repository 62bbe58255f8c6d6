import type { PostmortemFields, PostmortemPatch } from './postmortem-record';

/** The outcome of a filing attempt: the fields it names, filedAt when it filed, and the lease released. */
export function savePostmortemChange(patch: PostmortemPatch): PostmortemFields {
  const set: PostmortemFields = { state: patch.state, updatedAt: patch.now, leaseOwner: null, leaseExpiresAt: null };
  if (patch.dueAt !== undefined) set.dueAt = patch.dueAt;
  if (patch.attempts !== undefined) set.attempts = patch.attempts;
  if (patch.lastError !== undefined) set.lastError = patch.lastError;
  if (patch.ticket !== undefined) set.ticket = patch.ticket;
  if (patch.filed) set.filedAt = patch.now;
  return set;
}
