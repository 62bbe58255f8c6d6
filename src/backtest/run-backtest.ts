import { performance } from 'node:perf_hooks';
import { commonLabelsByCorrelation } from '../core/incidents/common-labels-by-correlation';
import { scopeForReopening } from '../core/playbooks/scope-for-reopening';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { Run } from '../core/runs/run';
import { seedRun } from '../core/runs/seed-run';
import { createRunPlanner } from '../runs/create-run-planner';
import type { Store } from '../store/store';
import { alertsOfDelivery, type DeliveryParsers } from './alerts-of-delivery';
import type { BacktestReport } from './backtest-report';
import { PlaybookTally } from './playbook-tally';
import { simulateClaim } from './simulate-claim';
import { SimulatedHistory } from './simulated-history';

export interface BacktestDeps {
  /** Reads only: the backtest never writes. */
  store: Pick<Store, 'listDeliveries' | 'listRuns' | 'getControls'>;
  /** The playbooks to replay (the current ones, already filtered to those asked for). */
  playbooks: LoadedPlaybook[];
  parsers: DeliveryParsers;
}

interface BacktestOptions {
  since: string;
  until: string;
  /** How long a simulated run holds its lock; 0 (default) means locks never contend. */
  runDurationMs?: number;
  /** Stop after this many deliveries (the report says `truncated`). */
  maxDeliveries?: number;
  /** Deliveries per store read (default 1000): memory holds one page of bodies at a time. */
  pageSize?: number;
}

/** Decisions after which the store asks the planner for runs (as decideDelivery does). */
const plannable = new Set(['new_incident', 'attached', 'reopened', 'state_change']);

interface IncidentState {
  status: 'open' | 'resolved';
  reopenCount: number;
}

/**
 * Replays the stored deliveries of a window through the current playbooks and guardrails, without running
 * anything: the stored decisions say which incident each alert went to (correlation is not redone), the
 * run planner matches the playbooks and builds the seeds, seedRun makes them runs, and simulateClaim admits
 * them against a simulated history. The runs actually stored for the same incidents are counted beside it.
 * What is approximated is listed in docs/backtest.md.
 */
export async function runBacktest(deps: BacktestDeps, options: BacktestOptions): Promise<BacktestReport> {
  const t0 = performance.now();
  const { since, until } = options;
  const pageSize = options.pageSize ?? 1000;
  const runDurationMs = options.runDurationMs ?? 0;
  const controls = await deps.store.getControls();
  const tallies = new Map(deps.playbooks.map((p) => [p.playbook.name, new PlaybookTally(p.playbook.name, p.playbook.mode)]));
  const planner = createRunPlanner({ playbooks: () => deps.playbooks });
  const history = new SimulatedHistory();
  const incidents = new Map<string, IncidentState>();
  // incident|playbook|scope → 'before': a run created before the window holds it; 'counted': said so once;
  // 'planned': the replay planned it. The store keeps one run per scope; so does the replay.
  const scopes = new Map<string, 'before' | 'counted' | 'planned'>();
  let deliveries = 0;
  let alerts = 0;
  let unreadable = 0;
  let truncated = false;
  let simulatedRuns = 0;

  const loadIncident = async (incidentId: string): Promise<IncidentState> => {
    const state: IncidentState = { status: 'open', reopenCount: 0 };
    incidents.set(incidentId, state);
    for (const run of await deps.store.listRuns({ incidentId, limit: 1000 })) {
      const tally = tallies.get(run.playbook);
      if (!tally || run.trigger !== 'alert') continue;
      if (run.createdAt < since) scopes.set(`${incidentId}|${run.playbook}|${run.scopeKey}`, 'before');
      else if (run.createdAt < until) tally.ran(run);
    }
    return state;
  };

  let after: { receivedAt: string; id: string } | undefined;
  for (;;) {
    const limit = options.maxDeliveries === undefined ? pageSize : Math.min(pageSize, options.maxDeliveries - deliveries + 1);
    const page = await deps.store.listDeliveries({ since, until, after, limit });
    for (const d of page) {
      if (options.maxDeliveries !== undefined && deliveries >= options.maxDeliveries) {
        truncated = true;
        break;
      }
      deliveries++;
      if (!d.decisions.some((x) => x.incidentId !== undefined && plannable.has(x.kind))) {
        // Nothing here asks the planner (duplicates, stale copies, activity: most of a resend-heavy history),
        // so the body is not parsed; only the incidents' state moves on.
        alerts += d.decisions.filter((x) => x.alertKey !== undefined).length;
        for (const x of d.decisions) {
          if (x.incidentId === undefined) continue;
          const incident = incidents.get(x.incidentId) ?? (await loadIncident(x.incidentId));
          if (x.incidentResolved) incident.status = 'resolved';
        }
        continue;
      }
      const pairs = alertsOfDelivery(d, deps.parsers);
      if (pairs === null) {
        unreadable++;
        continue;
      }
      alerts += pairs.length;
      const commonLabels = commonLabelsByCorrelation(pairs.map((p) => p.alert));
      const candidates: Array<{ run: Run; tally: PlaybookTally; incident: IncidentState }> = [];
      for (const { alert, decision } of pairs) {
        const incidentId = decision.incidentId;
        if (incidentId === undefined) continue;
        const incident = incidents.get(incidentId) ?? (await loadIncident(incidentId));
        if (decision.kind === 'reopened') incident.reopenCount++;
        if (decision.kind === 'new_incident' || decision.kind === 'reopened') incident.status = 'open';
        if (!plannable.has(decision.kind)) continue;
        const { seeds } = planner({ alert, decision, incidentId, commonLabels: () => commonLabels.get(alert.correlationId) ?? {} });
        for (const proposed of seeds) {
          const tally = tallies.get(proposed.playbook)!;
          tally.matched(incidentId);
          const seed = { ...proposed, scopeKey: scopeForReopening(proposed, incident.reopenCount) };
          const scope = `${incidentId}|${seed.playbook}|${seed.scopeKey}`;
          const held = scopes.get(scope);
          if (held === 'before') tally.alreadyRan++;
          if (held !== undefined) {
            if (held === 'before') scopes.set(scope, 'counted');
            continue;
          }
          scopes.set(scope, 'planned');
          if (seed.status === 'failed') {
            tally.invalidParams++;
            continue;
          }
          const correlationId = decision.correlationId ?? alert.correlationId;
          const { run } = seedRun(seed, { runId: `sim_${++simulatedRuns}`, incident: { id: incidentId, correlationId }, now: d.receivedAt });
          candidates.push({ run, tally, incident });
        }
      }
      // The claim follows the commit, so it sees the incident as the whole delivery left it (a run planned
      // by the alert that resolved its incident is cancelled, as the store's resolution would).
      for (const p of pairs) if (p.decision.incidentResolved && p.decision.incidentId) incidents.get(p.decision.incidentId)!.status = 'resolved';
      const nowMs = Date.parse(d.receivedAt);
      for (const { run, tally, incident } of candidates) {
        const claim = simulateClaim(run, { nowMs, controls, incidentStatus: incident.status, runDurationMs }, history);
        if (claim.kind === 'held') tally.heldBy(claim.guardrail);
        else tally.started(targetOf(run), claim.waitedForLock);
      }
    }
    const last = page[page.length - 1];
    if (truncated || !last || page.length < limit) break;
    after = { receivedAt: last.receivedAt, id: last.id };
  }

  return {
    window: { since, until },
    deliveries,
    alerts,
    unreadable,
    truncated,
    controls: { killSwitch: controls.killSwitch !== null, paused: Object.keys(controls.paused).sort() },
    runDurationMs,
    playbooks: [...tallies.values()].map((t) => t.report()),
    elapsedMs: Math.round(performance.now() - t0),
  };
}

/** What a run acts on: its lock key, or its params when the playbook declares no lock. */
function targetOf(run: Run): string | null {
  if (run.lockKey !== null) return run.lockKey;
  const params = Object.entries(run.context.params);
  return params.length === 0 ? null : `${run.playbook}:${params.map(([k, v]) => `${k}=${v}`).join(',')}`;
}
