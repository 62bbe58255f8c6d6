import type { Delivery } from '../intake/delivery';
import type { DeliveryOutcome } from '../incidents/decision';
import type { Incident, IncidentDetail, IncidentStatus } from '../incidents/incident';
import type { LifecyclePolicy } from '../incidents/lifecycle-policy';

export interface IncidentQuery {
  status: IncidentStatus | 'all';
  correlationId?: string;
  /** 1..200 */
  limit: number;
  /** Return incidents with ids strictly before this one (ids sort by creation time); newest first. */
  beforeId?: string;
}

export interface Page<T> {
  items: T[];
  /** More items exist after the last one returned. */
  hasMore: boolean;
}

/**
 * The storage port. Adapters (SQLite, MongoDB) implement it unchanged and are checked by one contract
 * suite (test/contract). It speaks only domain types: no SQL, no driver types.
 */
export interface Store {
  /**
   * Durably records a delivery and applies its alerts to incidents in one atomic write: dedupe, incident
   * open/attach/resolve/reopen, flapping, decisions and timeline events. Resolves only after commit; rejects
   * with a StoreUnavailableError when nothing could be stored.
   */
  recordDelivery(delivery: Delivery, policy: LifecyclePolicy): Promise<DeliveryOutcome>;
  listIncidents(query: IncidentQuery): Promise<Page<Incident>>;
  getIncident(id: string): Promise<IncidentDetail | null>;
  /** Number of open incidents (the mendbot_open_incidents gauge). */
  countOpenIncidents(): Promise<number>;
  /** Throws if the store cannot serve reads and writes right now (drives /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
