import type { DeliveryReads } from '../../core/incidents/delivery-reads';
import { emptyDeliveryFacts, type DeliveryFacts, type IncidentFacts } from '../../core/incidents/delivery-facts';
import type { SqliteStatements } from './sqlite-statements';

interface IncidentRow {
  id: string;
  correlation_id: string;
  status: 'open' | 'resolved';
  resolved_at: string | null;
  firing_count: number;
  flapping: number;
  sources: string;
  reopen_count: number;
}

type OccurrenceRow = { key: string; incident_id: string; status: 'firing' | 'resolved'; last_event_at: string | null };

/**
 * Phase two of a delivery's facts, read inside the delivery's transaction: two statements per correlation
 * ID, one per activity key; the flapping count and the keys' latest stored alerts only when the core asks
 * for them (same transaction). The first occurrence asked for reads those of every key the core may ask
 * about in one statement: a new 50-alert group asks about all 50, a repeat of a stored one about none.
 */
export function readSqliteDeliveryFacts(st: SqliteStatements, reads: DeliveryReads): DeliveryFacts {
  let occurrences: Map<string, OccurrenceRow> | undefined;
  // A set, not `occurrenceKeys.includes`: asked once per key, that scan was quadratic (~25 µs a 50-alert group).
  let asked: Set<string> | undefined;
  const occurrenceOf = (key: string): OccurrenceRow | undefined => {
    if (reads.occurrenceKeys.length <= 1 || !(asked ??= new Set(reads.occurrenceKeys)).has(key)) {
      return st.occurrence.get({ key }) as OccurrenceRow | undefined;
    }
    occurrences ??= new Map((st.occurrences.all(JSON.stringify(reads.occurrenceKeys)) as OccurrenceRow[]).map((r) => [r.key, r]));
    return occurrences.get(key);
  };
  const facts = emptyDeliveryFacts(
    (correlationId) => st.stateChangesSince.get(correlationId, reads.stateChangesSince) as number,
    (key) => {
      const r = occurrenceOf(key);
      return r ? { incidentId: r.incident_id, status: r.status, lastEventAt: r.last_event_at } : null;
    },
  );
  for (const [correlationId, keys] of reads.correlations) {
    const row = st.latestIncident.get(correlationId) as IncidentRow | undefined;
    facts.latestIncident.set(correlationId, row?.id ?? null);
    if (!row) continue;
    facts.incidents.set(row.id, toIncidentFacts(row));
    const statuses = st.alertStatuses.all(row.id, JSON.stringify(keys)) as Array<{ key: string; status: 'firing' | 'resolved' }>;
    facts.alertStatus.set(row.id, new Map(statuses.map((a) => [a.key, a.status])));
  }
  for (const key of reads.activityKeys) {
    const row = st.incidentOfLatestAlert.get({ key }) as IncidentRow | undefined;
    facts.incidentOfKey.set(key, row?.id ?? null);
    if (row) facts.incidents.set(row.id, toIncidentFacts(row));
  }
  return facts;
}

function toIncidentFacts(r: IncidentRow): IncidentFacts {
  return {
    id: r.id,
    correlationId: r.correlation_id,
    status: r.status,
    resolvedAt: r.resolved_at,
    firingCount: r.firing_count,
    flapping: r.flapping === 1,
    sources: JSON.parse(r.sources) as string[],
    reopenCount: r.reopen_count,
  };
}
