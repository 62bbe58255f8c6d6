import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import { contractPolicy } from './contract-policy';

/**
 * Opens an incident through intake (the only way the port creates one): one firing alert named after
 * the correlation ID, received at `at`. Returns the incident id.
 */
export async function openIncident(store: Store, correlationId = 'group-1', at = minutesLater(0)): Promise<string> {
  const alert = buildAlert({ name: `Alert-${correlationId}`, correlationId, defaultCorrelationId: correlationId });
  const outcome = await store.recordDelivery(buildDelivery([alert], { receivedAt: at }), contractPolicy);
  const incidentId = outcome.decisions[0]?.incidentId;
  if (outcome.decisions[0]?.kind !== 'new_incident' || incidentId === undefined) {
    throw new Error(`expected a new incident for ${correlationId}, got ${JSON.stringify(outcome.decisions)}`);
  }
  return incidentId;
}
