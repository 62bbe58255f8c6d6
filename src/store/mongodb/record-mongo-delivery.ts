import { correlateDelivery } from '../../core/incidents/correlate-delivery';
import { decideDelivery } from '../../core/incidents/decide-delivery';
import type { DeliveryOutcome } from '../../core/incidents/decision';
import { deliveryReads } from '../../core/incidents/delivery-reads';
import { duplicateDeliveryOutcome } from '../../core/incidents/duplicate-delivery-outcome';
import { joinKeysToRead } from '../../core/incidents/join-keys-to-read';
import type { LifecyclePolicy } from '../../core/incidents/lifecycle-policy';
import type { Delivery } from '../../core/intake/delivery';
import type { RunPlanner } from '../../core/runs/run-planner';
import { applyMongoChanges } from './apply-mongo-changes';
import type { MongoCollections } from './mongo-collections';
import { claimDedupeKey, finishDedupeKey, leaseCorrelations } from './mongo-intake-locks';
import { readMongoDeliveryFacts } from './read-mongo-delivery-facts';
import { readMongoJoinFacts } from './read-mongo-join-facts';

/**
 * Records one delivery: read the facts, let the core decide, apply its changes — like SQLite, but without
 * a multi-document transaction (they need a replica set, and each one is a round-trip-heavy commit).
 * Instead the correlation IDs the delivery writes are leased (mongo-intake-locks.ts) from before the
 * facts are read until the changes are written, so no other process interleaves its read-decide-write.
 *
 * Where atomicity is weaker than SQLite's single transaction: a crash (or MongoDB failing) between the
 * writes of one delivery leaves some written and some not. The caller then got a 503 (never a 2xx), so
 * the sender retries, and the design keeps the guarantees through that retry:
 *  - one open incident per correlation ID: `open_incidents._id = correlationId`, a duplicate-key insert
 *    refuses a second one whatever happened before (stale claims of resolved incidents are replaced);
 *  - an alert exists once per incident (`alerts._id = incident|key`); a retry sees it and decides
 *    `duplicate`/`state_change` as for any re-delivery;
 *  - once per scope for runs (`run_scopes._id`), dedupe keys (`delivery_keys._id`, see claimDedupeKey);
 *  - timeline seqs are reserved with one atomic $inc, never reused.
 * What a crash mid-delivery CAN leave: counters (deliveryCount, the seen count of an alert) counted by
 * the failed attempt and again by the retry, and the first attempt's timeline entries next to the
 * retry's.
 */
export async function recordMongoDelivery(
  c: MongoCollections,
  d: Delivery,
  policy: LifecyclePolicy,
  planner: RunPlanner | undefined,
  owner: string,
): Promise<DeliveryOutcome> {
  if (d.dedupeKey !== undefined) {
    const claim = await claimDedupeKey(c, d.dedupeKey, d.id, d.receivedAt, owner);
    if (claim.kind === 'duplicate') return duplicateDeliveryOutcome(d.dedupeKey, claim.deliveryId);
  }
  const alerts = correlateDelivery(d.alerts, await readMongoJoinFacts(c, joinKeysToRead(d.alerts)));
  const reads = deliveryReads(alerts, d.receivedAt, policy);
  const release = await leaseCorrelations(c, [...reads.correlations.keys()], owner);
  try {
    const facts = await readMongoDeliveryFacts(c, reads);
    const { changes, outcome } = decideDelivery({ delivery: d, alerts, facts, policy, planner });
    const applied = await applyMongoChanges(c, changes);
    if (d.dedupeKey !== undefined) await finishDedupeKey(c, d.dedupeKey, d.id);
    return { ...outcome, ...applied };
  } finally {
    await release().catch(() => undefined); // an unreleased lease expires by itself
  }
}
