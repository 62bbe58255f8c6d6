import type { Counter } from 'prom-client';
import type { DecisionKind } from '../core/incidents/decision';
import { prunedKinds } from '../core/retention/prune-request';
import { finalRunStatuses } from '../core/runs/run';

/** Label values known before anything happens: the sources, playbooks and actions this process has. */
export interface KnownLabels {
  sources?: readonly string[];
  playbooks?: readonly string[];
  actions?: readonly string[];
}

/** Every decision kind; a Record, so adding a kind without listing it here is a type error. */
const decisionKinds: Record<DecisionKind, true> = {
  new_incident: true,
  attached: true,
  duplicate: true,
  state_change: true,
  reopened: true,
  activity: true,
  ignored: true,
  duplicate_delivery: true,
  stale: true,
};
const alertStatuses = ['firing', 'resolved', 'none'];
const deliveryOutcomes = ['accepted', 'duplicate', 'rejected', 'unavailable'];
const approvalDecisions = ['approved', 'rejected', 'expired'];
/** The guardrail decisions src/engine/admit-run.ts takes, as (guardrail, outcome) pairs. */
const guardrailHits = [
  ['kill_switch', 'defer'],
  ['paused', 'defer'],
  ['locked', 'defer'],
  ['locked', 'cancel'],
  ['resolved', 'cancel'],
  ['budget', 'cancel'],
  ['cooldown', 'cancel'],
] as const;
const storeOperations = ['record_delivery', 'ping', 'check_commit', 'count_open_incidents'];
const retentionKinds = prunedKinds.map(([, kind]) => kind);
const reconciliationOutcomes = ['ok', 'partial', 'unavailable'];
const stillFiringVerdicts = ['firing', 'not_firing', 'unknown', 'not_applicable'];

/** The labelled counters initialiseLabelSets fills in. */
export interface LabelledCounters {
  alertsReceived: Counter<'source' | 'status'>;
  deliveries: Counter<'source' | 'outcome'>;
  decisions: Counter<'kind'>;
  storeErrors: Counter<'operation'>;
  runs: Counter<'playbook' | 'outcome'>;
  stepRetries: Counter<'action'>;
  compensations: Counter<'playbook'>;
  guardrailHits: Counter<'guardrail' | 'outcome'>;
  approvals: Counter<'playbook' | 'decision'>;
  retentionDeleted: Counter<'kind'>;
  reconciliationRounds: Counter<'outcome'>;
  stillFiringChecks: Counter<'verdict'>;
}

/**
 * A labelled series exists only from its first increment, so `rate()` and `increase()` never see that first
 * event (there is no earlier sample to compare with) and alerts on "any failure" stay silent for it. Adding
 * 0 creates the series at start-up. Called again with new values (a playbook added on reload); adding 0 to an
 * existing series changes nothing.
 */
export function initialiseLabelSets(m: LabelledCounters, known: KnownLabels): void {
  const zero = <L extends string>(counter: Counter<L>, labels: Partial<Record<L, string>>) => counter.inc(labels, 0);
  for (const source of known.sources ?? []) {
    for (const status of alertStatuses) zero(m.alertsReceived, { source, status });
    for (const outcome of deliveryOutcomes) zero(m.deliveries, { source, outcome });
  }
  for (const playbook of known.playbooks ?? []) {
    for (const outcome of finalRunStatuses) zero(m.runs, { playbook, outcome });
    for (const decision of approvalDecisions) zero(m.approvals, { playbook, decision });
    zero(m.compensations, { playbook });
  }
  for (const action of known.actions ?? []) zero(m.stepRetries, { action });
  for (const kind of Object.keys(decisionKinds)) zero(m.decisions, { kind });
  for (const operation of storeOperations) zero(m.storeErrors, { operation });
  for (const [guardrail, outcome] of guardrailHits) zero(m.guardrailHits, { guardrail, outcome });
  for (const kind of retentionKinds) zero(m.retentionDeleted, { kind });
  for (const outcome of reconciliationOutcomes) zero(m.reconciliationRounds, { outcome });
  for (const verdict of stillFiringVerdicts) zero(m.stillFiringChecks, { verdict });
}
