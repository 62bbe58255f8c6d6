import type { DeliveryFacts, IncidentFacts, OccurrenceFacts } from './delivery-facts';
import type { IncidentTouch } from './incident-touch';

type AlertStatus = 'firing' | 'resolved';

/**
 * The store as a delivery sees it while its alerts are decided one after the other: the facts read
 * before the delivery, with the delivery's own earlier writes played forward in memory, so the second
 * alert of a new correlation ID finds the incident the first one opened, a flapping count includes the
 * changes just made, and so on. "Latest" means the highest id, as in the stores' queries.
 */
export class DeliveryState {
  readonly touches = new Map<string, IncidentTouch>();
  private readonly incidents = new Map<string, IncidentFacts>();
  private readonly latest: Map<string, string | null>;
  private readonly alerts = new Map<string, Map<string, AlertStatus>>();
  private readonly recent = new Map<string, number>();
  private readonly countRecent: (correlationId: string) => number;
  private readonly ofKey: Map<string, string | null>;
  private readonly occurrences = new Map<string, OccurrenceFacts | null>();
  private readonly readOccurrence: (key: string) => OccurrenceFacts | null;

  constructor(facts: DeliveryFacts) {
    for (const [id, f] of facts.incidents) this.incidents.set(id, { ...f, sources: [...f.sources] });
    for (const [id, statuses] of facts.alertStatus) this.alerts.set(id, new Map(statuses));
    this.latest = new Map(facts.latestIncident);
    this.countRecent = facts.recentStateChanges;
    this.ofKey = new Map(facts.incidentOfKey);
    this.readOccurrence = facts.occurrence;
  }

  incident(id: string): IncidentFacts {
    const found = this.incidents.get(id);
    if (!found) throw new Error(`incident ${id} was not read`);
    return found;
  }

  latestIncident(correlationId: string): IncidentFacts | null {
    const id = this.latest.get(correlationId);
    if (id === undefined) throw new Error(`correlation ID ${correlationId} was not read`);
    return id === null ? null : this.incident(id);
  }

  /** The incident holding the latest alert with this key (activity-only alerts land there). */
  incidentOfKey(key: string): IncidentFacts | null {
    const id = this.ofKey.get(key);
    if (id === undefined) throw new Error(`alert key ${key} was not read`);
    return id === null ? null : this.incident(id);
  }

  alertStatus(incidentId: string, key: string): AlertStatus | null {
    return this.alerts.get(incidentId)?.get(key) ?? null;
  }

  openIncident(incident: IncidentFacts): void {
    this.incidents.set(incident.id, incident);
    this.latest.set(incident.correlationId, later(this.latest.get(incident.correlationId), incident.id));
  }

  /** The latest stored alert with this key, anywhere (null: never stored); read once, then played forward. */
  occurrence(key: string): OccurrenceFacts | null {
    if (!this.occurrences.has(key)) {
      const read = this.readOccurrence(key);
      this.occurrences.set(key, read ? { ...read } : null);
    }
    return this.occurrences.get(key) ?? null;
  }

  /** An alert written with this status; `eventAt` when its event carried the source's time. */
  putAlert(incidentId: string, key: string, status: AlertStatus, eventAt?: string): void {
    let statuses = this.alerts.get(incidentId);
    if (!statuses) this.alerts.set(incidentId, (statuses = new Map()));
    statuses.set(key, status);
    if (this.ofKey.has(key)) this.ofKey.set(key, later(this.ofKey.get(key), incidentId));
    // Without an event time the earlier one stays (stamped sources always send one, so that is a no-op for them).
    const lastEventAt = eventAt ?? this.occurrences.get(key)?.lastEventAt ?? null;
    this.occurrences.set(key, { incidentId, status, lastEventAt });
  }

  /** An event applied to a stored alert without changing its status (activity, a duplicate). */
  eventApplied(key: string, eventAt: string | undefined): void {
    if (eventAt === undefined) return;
    const o = this.occurrence(key);
    if (o) o.lastEventAt = eventAt;
  }

  /** Records one more state change for the correlation ID; returns the count within the flapping window. */
  countStateChange(correlationId: string): number {
    const count = (this.recent.get(correlationId) ?? this.countRecent(correlationId)) + 1;
    this.recent.set(correlationId, count);
    return count;
  }

  touch(incidentId: string): IncidentTouch {
    let t = this.touches.get(incidentId);
    if (!t) {
      const sources = new Set(this.incident(incidentId).sources);
      t = { alertDelta: 0, firingDelta: 0, stateChanges: 0, sources, duplicates: [], mayResolve: false };
      this.touches.set(incidentId, t);
    }
    return t;
  }
}

function later(current: string | null | undefined, id: string): string {
  return current != null && current > id ? current : id;
}
