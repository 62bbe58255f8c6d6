import type { ApiRole } from '../config/api-token-entry';
import { claimedIdentity } from './claimed-identity';

/** What a request's body can raise its route's role to, and the reason given in the 403. */
export interface Escalation {
  role: ApiRole;
  because: string;
}

/** One /api route and the least role allowed to call it. */
export interface ApiRouteRule {
  method: 'GET' | 'POST';
  /** express-style path: `:name` matches one segment. */
  path: string;
  role: ApiRole;
  /** A stricter role the body may call for (the global kill switch, acting on someone's behalf). */
  escalate?: (body: Record<string, unknown>, caller: string) => Escalation | undefined;
}

/** The global kill switch is `pause`/`resume` without a playbook. */
const killSwitch = (body: Record<string, unknown>): Escalation | undefined =>
  body.playbook === undefined ? { role: 'admin', because: 'the global kill switch (no "playbook" in the body) needs an admin token' } : undefined;

/** `by` / `onBehalfOf` naming anyone but the token itself: only an admin (a chat bridge) may do that. */
const onBehalf = (body: Record<string, unknown>, caller: string): Escalation | undefined => {
  const claimed = claimedIdentity(body);
  return claimed !== undefined && claimed !== caller
    ? { role: 'admin', because: `acting on behalf of ${JSON.stringify(claimed)} needs an admin token; an operator token acts only as itself (${JSON.stringify(caller)})` }
    : undefined;
};

/**
 * THE place that says who may call what. Every /api route must be listed: one that is not needs admin
 * (fail closed), so a route added without a line here is not silently open. Reads are viewer; resolve, approve,
 * reject and pausing or resuming one playbook are operator; the kill switch and acting on behalf of
 * someone else are admin.
 */
export const apiRouteRoles: readonly ApiRouteRule[] = [
  { method: 'GET', path: '/api/incidents', role: 'viewer' },
  { method: 'GET', path: '/api/incidents/:id', role: 'viewer' },
  { method: 'GET', path: '/api/deliveries/:id', role: 'viewer' },
  { method: 'GET', path: '/api/runs/:id', role: 'viewer' },
  { method: 'GET', path: '/api/controls', role: 'viewer' },
  { method: 'POST', path: '/api/playbooks/:name/backtest', role: 'viewer' },
  { method: 'POST', path: '/api/incidents/:id/resolve', role: 'operator', escalate: onBehalf },
  { method: 'POST', path: '/api/runs/:id/approve', role: 'operator', escalate: onBehalf },
  { method: 'POST', path: '/api/runs/:id/reject', role: 'operator', escalate: onBehalf },
  { method: 'POST', path: '/api/pause', role: 'operator', escalate: (body, caller) => killSwitch(body) ?? onBehalf(body, caller) },
  { method: 'POST', path: '/api/resume', role: 'operator', escalate: killSwitch },
];
