import { correlateDelivery } from '../../core/incidents/correlate-delivery';
import { decideDelivery } from '../../core/incidents/decide-delivery';
import type { DeliveryOutcome } from '../../core/incidents/decision';
import { deliveryReads } from '../../core/incidents/delivery-reads';
import { duplicateDeliveryOutcome } from '../../core/incidents/duplicate-delivery-outcome';
import { joinKeysToRead } from '../../core/incidents/join-keys-to-read';
import type { LifecyclePolicy } from '../../core/incidents/lifecycle-policy';
import type { Delivery } from '../../core/intake/delivery';
import type { RunPlanner } from '../../core/runs/run-planner';
import { applySqliteChanges } from './apply-sqlite-changes';
import type { EncodedBody } from './body-encoding';
import { readSqliteDeliveryFacts } from './read-sqlite-delivery-facts';
import { readSqliteJoinFacts } from './read-sqlite-join-facts';
import type { RunStatements } from './run-rows';
import type { SqliteStatements } from './sqlite-statements';

/**
 * Records one delivery: read the facts, let the core decide, apply its changes. Must run inside a
 * transaction, which is what makes read-decide-write safe: SQLite serialises writers (BEGIN IMMEDIATE),
 * and a unique index refuses a second open incident per correlation ID should anything slip (migration 14).
 * `encoded`: the raw body's hash and stored form, when made beforehand (start-body-encoder.ts).
 */
export function recordSqliteDelivery(st: SqliteStatements, rs: RunStatements, d: Delivery, policy: LifecyclePolicy, planner?: RunPlanner, encoded?: EncodedBody): DeliveryOutcome {
  if (d.dedupeKey !== undefined) {
    const prior = st.deliveryByKey.get(d.dedupeKey) as { id: string } | undefined;
    if (prior) return duplicateDeliveryOutcome(d.dedupeKey, prior.id);
  }
  const alerts = correlateDelivery(d.alerts, readSqliteJoinFacts(st, joinKeysToRead(d.alerts)));
  const facts = readSqliteDeliveryFacts(st, deliveryReads(alerts, d.receivedAt, policy));
  const { changes, outcome } = decideDelivery({ delivery: d, alerts, facts, policy, planner });
  return { ...outcome, ...applySqliteChanges(st, rs, changes, encoded) };
}
