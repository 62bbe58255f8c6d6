import type { CorrelatedAlert } from '../../../src/core/alerts/alert';
import { correlateDelivery, type JoinKeyFacts } from '../../../src/core/incidents/correlate-delivery';
import { decideDelivery, type DeliveryDecision } from '../../../src/core/incidents/decide-delivery';
import type { DeliveryChange } from '../../../src/core/incidents/delivery-change';
import { emptyDeliveryFacts, type DeliveryFacts, type IncidentFacts } from '../../../src/core/incidents/delivery-facts';
import { deliveryReads } from '../../../src/core/incidents/delivery-reads';
import type { LifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import type { RunPlanner } from '../../../src/core/runs/run-planner';
import { buildAlert, buildDelivery, minutesLater } from '../../helpers/build-delivery';

export { buildAlert, minutesLater };

export const policy: LifecyclePolicy = { reopenWindowMs: 5 * 60_000, flappingThreshold: 4, flappingWindowMs: 30 * 60_000, postmortemSettleMs: 10 * 60_000 };

/**
 * An incident in the store with the alerts it holds (key → status) and, for alerts whose source stamps
 * its events, the time of the last event applied (key → ISO time).
 */
export type StoredIncident = IncidentFacts & { alerts?: Record<string, 'firing' | 'resolved'>; lastEventAt?: Record<string, string> };

/** A stored incident, open with one firing alert unless told otherwise. */
export function storedIncident(overrides: Partial<StoredIncident> = {}): StoredIncident {
  return { id: 'inc_A', correlationId: 'group-1', status: 'open', resolvedAt: null, firingCount: 1, flapping: false, sources: ['alertmanager'], reopenCount: 0, ...overrides };
}

export interface World {
  incidents?: StoredIncident[];
  /** State changes within the flapping window, per correlation ID (0 when absent). */
  recentStateChanges?: Record<string, number>;
  joinKeys?: Record<string, string>;
}

/**
 * Plays a store for the pure core: answers every read the core asks for from `world`, the way an adapter
 * would (latest = highest id), and records which flapping counts were asked for.
 */
export function decide(
  alerts: CorrelatedAlert[],
  world: World = {},
  options: { policy?: LifecyclePolicy; planner?: RunPlanner; receivedAt?: string; note?: string } = {},
): DeliveryDecision & { countsAsked: string[]; occurrencesAsked: string[]; correlated: CorrelatedAlert[] } {
  const incidents = world.incidents ?? [];
  const delivery = { ...buildDelivery(alerts, { receivedAt: options.receivedAt ?? minutesLater(0) }), id: 'dlv_1', ...(options.note ? { note: options.note } : {}) };
  const p = options.policy ?? policy;
  const joinFacts = new Map<string, JoinKeyFacts>();
  for (const a of alerts) {
    if (a.joinKey === undefined) continue;
    joinFacts.set(a.joinKey, { published: world.joinKeys?.[a.joinKey] ?? null, hasIncident: incidents.some((i) => i.correlationId === a.joinKey) });
  }
  const correlated = correlateDelivery(alerts, joinFacts);
  const reads = deliveryReads(correlated, delivery.receivedAt, p);
  const countsAsked: string[] = [];
  const occurrencesAsked: string[] = [];
  const occurrenceKeys = new Set(reads.occurrenceKeys);
  const facts: DeliveryFacts = emptyDeliveryFacts(
    (c) => {
      countsAsked.push(c);
      return world.recentStateChanges?.[c] ?? 0;
    },
    (key) => {
      if (!occurrenceKeys.has(key)) throw new Error(`the core asked about ${key}, which deliveryReads did not name`);
      occurrencesAsked.push(key);
      const holder = latestOf((i) => i.alerts?.[key] !== undefined);
      return holder ? { incidentId: holder.id, status: holder.alerts![key]!, lastEventAt: holder.lastEventAt?.[key] ?? null } : null;
    },
  );
  const latestOf = (match: (i: StoredIncident) => boolean) => incidents.filter(match).sort((a, b) => (a.id < b.id ? 1 : -1))[0];
  for (const [correlationId, keys] of reads.correlations) {
    const latest = latestOf((i) => i.correlationId === correlationId);
    facts.latestIncident.set(correlationId, latest?.id ?? null);
    if (!latest) continue;
    const { alerts: held = {}, lastEventAt: _times, ...f } = latest;
    facts.incidents.set(latest.id, f);
    facts.alertStatus.set(latest.id, new Map(keys.filter((k) => held[k]).map((k) => [k, held[k]!])));
  }
  for (const key of reads.activityKeys) {
    const holder = latestOf((i) => i.alerts?.[key] !== undefined);
    facts.incidentOfKey.set(key, holder?.id ?? null);
    if (holder) {
      const { alerts: _held, lastEventAt: _times, ...f } = holder;
      facts.incidents.set(holder.id, f);
    }
  }
  let n = 0;
  const newId = (prefix: string) => `${prefix}_N${++n}`;
  return { ...decideDelivery({ delivery, alerts: correlated, facts, policy: p, planner: options.planner, newId }), countsAsked, occurrencesAsked, correlated };
}

/** The kinds of the changes, with the timeline entry type for appendEvent: a readable summary of the writes. */
export function writes(changes: DeliveryChange[]): string[] {
  return changes.map((c) => (c.kind === 'appendEvent' ? `appendEvent:${c.entry.type}` : c.kind));
}

export function changesOf<K extends DeliveryChange['kind']>(changes: DeliveryChange[], kind: K): Array<Extract<DeliveryChange, { kind: K }>> {
  return changes.filter((c): c is Extract<DeliveryChange, { kind: K }> => c.kind === kind);
}
