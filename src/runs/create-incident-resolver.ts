import type { Clock } from '../core/clock';
import { ErrorCode, MendbotError } from '../core/errors';
import type { LifecyclePolicy } from '../core/incidents/lifecycle-policy';
import type { ManualResolveOutcome } from '../core/incidents/manual-resolve';
import type { Store } from '../store/store';
import type { Metrics } from '../telemetry/create-metrics';

/** What a manual resolve answers: it happened, or there was nothing to do. */
type ResolveResult = Exclude<ManualResolveOutcome, { kind: 'not_found' }>;

/** A person closing an incident: shared by the HTTP API and the Slack command. */
export interface IncidentResolver {
  /** Resolves the incident now; NOT_FOUND (path `id`) when there is none. Resolving a resolved one changes nothing. */
  resolve(incidentId: string, request: { by: string; reason: string }): Promise<ResolveResult>;
}

export interface IncidentResolverDeps {
  store: Store;
  clock: Clock;
  /** The lifecycle intake uses: the same postmortem settle time applies to a manual resolve. */
  policy: LifecyclePolicy;
  /** Told after an incident was resolved by hand (chat threads refresh: emit `incident_changed`). */
  onResolved?(outcome: Extract<ManualResolveOutcome, { kind: 'resolved' }>): void;
  metrics?: Pick<Metrics, 'runs'>;
  /** Told the ids of runs the resolve cancelled, so what their steps hold (a silence) is let go. */
  releaseRuns?(runIds: string[]): void;
}

export function createIncidentResolver(deps: IncidentResolverDeps): IncidentResolver {
  return {
    async resolve(incidentId, request) {
      const outcome = await deps.store.resolveIncident(incidentId, { ...request, at: deps.clock.now().toISOString() }, deps.policy);
      if (outcome.kind === 'not_found') throw new MendbotError(ErrorCode.NotFound, `no incident ${incidentId}`, { path: 'id' });
      if (outcome.kind === 'resolved') {
        // Counted like the runs an alert resolution cancels (intake does the same for its cancellations).
        for (const r of outcome.runsCancelled) deps.metrics?.runs.inc({ playbook: r.playbook, outcome: 'cancelled' });
        if (outcome.runsCancelled.length > 0) deps.releaseRuns?.(outcome.runsCancelled.map((r) => r.runId));
        deps.onResolved?.(outcome);
      }
      return outcome;
    },
  };
}
