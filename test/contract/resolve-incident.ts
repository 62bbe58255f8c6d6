import type { LifecyclePolicy } from '../../src/core/incidents/lifecycle-policy';
import type { DeliveryOutcome } from '../../src/core/incidents/decision';
import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery } from '../helpers/build-delivery';
import { contractPolicy } from './contract-policy';

/** Resolves the incident openIncident opened for this correlation ID (its only alert resolves) at `at`. */
export async function resolveIncident(store: Store, correlationId: string, at: string, policy: Partial<LifecyclePolicy> = {}): Promise<DeliveryOutcome> {
  const alert = buildAlert({ name: `Alert-${correlationId}`, correlationId, defaultCorrelationId: correlationId, status: 'resolved' });
  const outcome = await store.recordDelivery(buildDelivery([alert], { receivedAt: at }), { ...contractPolicy, ...policy });
  if (!outcome.decisions[0]?.incidentResolved) throw new Error(`expected ${correlationId} to resolve, got ${JSON.stringify(outcome.decisions)}`);
  return outcome;
}
