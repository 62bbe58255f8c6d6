import type { TicketRef } from './tracker';

export interface PostmortemRecord {
  incidentId: string;
  /** pending: to be filed at dueAt; deferred: the incident reopened, waits for its next resolution; filed. */
  state: 'pending' | 'deferred' | 'filed';
  reason: string;
  dueAt: string | null;
  attempts: number;
  lastError: string | null;
  ticket: TicketRef | null;
  filedAt: string | null;
  updatedAt: string;
}

export interface PostmortemPatch {
  now: string;
  state: PostmortemRecord['state'];
  dueAt?: string | null;
  attempts?: number;
  lastError?: string | null;
  ticket?: PostmortemRecord['ticket'];
  filed?: boolean;
}

/**
 * The stored fields of a postmortem record a transition may set; absent = unchanged. The lease says which
 * process is filing it right now (`leaseOwner` until `leaseExpiresAt`; null = nobody).
 */
export type PostmortemFields = Partial<Omit<PostmortemRecord, 'incidentId'>> & {
  leaseOwner?: string | null;
  leaseExpiresAt?: string | null;
};
