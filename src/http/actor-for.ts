import { ErrorCode, MendbotError } from '../core/errors';
import type { Actor } from '../runs/create-run-service';
import type { ApiCaller } from './authenticate-api-caller';
import { claimedIdentity } from './claimed-identity';

/**
 * Who an API action is recorded as. A token acts as itself (its name); an admin token may name someone
 * else (`onBehalfOf`, or the older `by`), who is then the one checked against the approvers, with the
 * token recorded alongside. In loopback mode there is no credential to name, so a `by` is taken as given
 * (the person at the laptop).
 */
export function actorFor(caller: ApiCaller, body: Record<string, unknown>): Actor {
  const claimed = claimedIdentity(body);
  if (claimed === undefined || claimed === caller.name) return { as: caller.name };
  if (!caller.viaToken) return { as: claimed };
  // The guard already refused this (FORBIDDEN_ROLE); checked again so no route can skip it.
  if (caller.role !== 'admin') {
    throw new MendbotError(ErrorCode.ForbiddenRole, `API token ${JSON.stringify(caller.name)} acts only as itself; acting on behalf of someone else needs admin`);
  }
  return { as: claimed, via: caller.name };
}
