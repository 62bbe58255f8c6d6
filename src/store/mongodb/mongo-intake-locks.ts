import { setTimeout as sleep } from 'node:timers/promises';
import { StoreUnavailableError } from '../../core/errors';
import type { MongoCollections } from './mongo-collections';
import { isDuplicateKey } from './to-store-error';

/** Longer than any delivery's write takes; a crashed holder blocks its correlation IDs at most this long. */
const leaseMs = 15_000;
/** How long a delivery waits for another process's lease before answering 503 (the sender retries). */
const waitMs = 5_000;

/**
 * Leases the correlation IDs a delivery touches (`intake_locks._id` = correlation ID), in sorted order
 * so two processes cannot deadlock. This serialises intake per correlation ID across processes — what
 * SQLite's single writer gives for free — so the read-decide-write of the lifecycle is not interleaved.
 * Returns the release function. Within one process deliveries are already queued one at a time.
 */
export async function leaseCorrelations(c: MongoCollections, correlationIds: string[], owner: string): Promise<() => Promise<void>> {
  const held: string[] = [];
  const release = async () => {
    if (held.length) await c.intakeLocks.deleteMany({ _id: { $in: held }, owner });
  };
  try {
    for (const id of [...new Set(correlationIds)].sort()) {
      await leaseOne(c, id, owner);
      held.push(id);
    }
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  return release;
}

async function leaseOne(c: MongoCollections, id: string, owner: string): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + leaseMs);
    try {
      await c.intakeLocks.insertOne({ _id: id, owner, expiresAt });
      return;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // Taken: steal it only if its holder's lease ran out (the holder crashed), or if the holder is this
    // process — deliveries run one at a time here, so ours is a leftover of a failed release.
    const stolen = await c.intakeLocks.updateOne({ _id: id, $or: [{ expiresAt: { $lte: now } }, { owner }] }, { $set: { owner, expiresAt } });
    if (stolen.matchedCount > 0) return;
    if (Date.now() > deadline) throw new StoreUnavailableError(`MongoDB store: correlation ID ${id} is being written by another process`);
    await sleep(delay);
  }
}

export type DedupeClaim = { kind: 'claimed' } | { kind: 'duplicate'; deliveryId: string };

/**
 * Claims a delivery's dedupe key (`delivery_keys._id`) before applying it, as `applying`, and marks it
 * `done` only after everything is written. A retry that finds `done` changes nothing; one that finds an
 * `applying` claim whose lease ran out (the first attempt crashed mid-way) applies the delivery again;
 * one that finds a live claim is told 503 and retries later. So a re-delivery never counts twice unless a
 * crash interrupted the first attempt — and then the alert-level writes are idempotent (keyed `_id`s).
 */
export async function claimDedupeKey(c: MongoCollections, key: string, deliveryId: string, receivedAt: string, owner: string): Promise<DedupeClaim> {
  const now = new Date();
  const leaseExpiresAt = new Date(now.getTime() + leaseMs);
  try {
    await c.deliveryKeys.insertOne({ _id: key, deliveryId, state: 'applying', owner, leaseExpiresAt, receivedAtDate: new Date(receivedAt) });
    return { kind: 'claimed' };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const prior = await c.deliveryKeys.findOne({ _id: key });
  if (prior?.state === 'done') return { kind: 'duplicate', deliveryId: prior.deliveryId as string };
  // An `applying` claim of this process is a leftover of a failed attempt (deliveries run one at a time).
  const taken = await c.deliveryKeys.updateOne(
    { _id: key, state: 'applying', $or: [{ leaseExpiresAt: { $lte: now } }, { owner }] },
    { $set: { owner, leaseExpiresAt, deliveryId } },
  );
  if (taken.matchedCount > 0) return { kind: 'claimed' };
  throw new StoreUnavailableError(`MongoDB store: delivery ${key} is being recorded by another process`);
}

export async function finishDedupeKey(c: MongoCollections, key: string, deliveryId: string): Promise<void> {
  await c.deliveryKeys.updateOne({ _id: key }, { $set: { state: 'done', deliveryId }, $unset: { owner: '', leaseExpiresAt: '' } });
}
