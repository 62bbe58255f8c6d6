import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { OnUnknown, PlaybookStep } from '../core/playbooks/playbook';
import type { Run } from '../core/runs/run';
import type { Logger } from '../telemetry/create-logger';
import type { FiringCheck, FiringCheckResult } from './firing-check';

/** What the step does after asking: act (with a timeline note when acting unconfirmed), or not act. */
export type StillFiringGate =
  | { kind: 'act'; note?: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'escalate'; reason: string };

export interface StillFiringDeps {
  firingCheck?: FiringCheck;
  /** Aborted on shutdown or lease loss: the wait stops and the step stays pending for the next owner. */
  signal: AbortSignal;
  log: Logger;
  /** Records a timeline entry (a checkpoint) while the step waits for an answer. */
  note(message: string): Promise<void>;
}

const firstRetryMs = 250;
const maxRetryMs = 5_000;

/** Whether a step must ask first: a step's own setting wins, then the playbook's, then "when we can ask". */
export function mustConfirmStillFiring(run: Run, def: PlaybookStep, configured: boolean): boolean {
  return def.stillFiring ?? run.definition.stillFiring ?? configured;
}

/**
 * Asks Alertmanager whether the run's alerts still fire, right before a non-idempotent step acts (and so
 * right after an approval was granted). Not firing → skip (the caller cancels the run). Unknown → the
 * step's `on_unknown`: `wait` asks again with backoff within the step's timeout, then escalates; `proceed`
 * acts with a note saying it acted unconfirmed; `stop` escalates at once. Firing or not applicable → act.
 */
export async function confirmStillFiring(deps: StillFiringDeps, run: Run, def: PlaybookStep): Promise<StillFiringGate> {
  const onUnknown: OnUnknown = def.onUnknown ?? run.definition.onUnknown ?? 'wait';
  const subject = run.context.labels.alertname ?? run.context.commonLabels.alertname ?? `incident ${run.incidentId}`;
  const unconfirmed = (detail: string) => `Alertmanager could not be asked whether ${subject} still fires: ${detail}`;
  const deadline = performance.now() + def.timeoutMs;
  let result: FiringCheckResult;
  for (let wait = firstRetryMs, asked = 0; ; wait = Math.min(wait * 2, maxRetryMs), asked++) {
    result = await ask(deps, run, Math.max(1, deadline - performance.now()));
    // Without an API configured, asking again cannot change the answer.
    const left = deadline - performance.now();
    if (result.verdict !== 'unknown' || onUnknown !== 'wait' || !deps.firingCheck || left <= 0) break;
    if (asked === 0) await deps.note(`step ${def.id} waits: ${unconfirmed(result.detail)}; asking again for up to ${duration(def.timeoutMs)} (on_unknown: wait)`);
    await delay(Math.min(wait, left), undefined, { signal: deps.signal });
  }
  switch (result.verdict) {
    case 'not_firing':
      return { kind: 'skip', reason: result.detail };
    case 'unknown':
      if (onUnknown === 'proceed') return { kind: 'act', note: `step ${def.id} (${def.action}) acts without confirmation (on_unknown: proceed): ${unconfirmed(result.detail)}` };
      return { kind: 'escalate', reason: `${unconfirmed(result.detail)}${onUnknown === 'wait' && deps.firingCheck ? ` (still no answer after the step's ${duration(def.timeoutMs)} timeout)` : ''}` };
    default:
      deps.log.debug({ stepId: def.id, verdict: result.verdict }, `still firing check: ${result.detail}`);
      return { kind: 'act' };
  }
}

/** One question, bounded by what is left of the step's timeout; a timeout is an unknown answer. */
async function ask(deps: StillFiringDeps, run: Run, leftMs: number): Promise<FiringCheckResult> {
  if (!deps.firingCheck) return { verdict: 'unknown', detail: 'no Alertmanager API is configured (ALERTMANAGER_URL)' };
  const timeout = AbortSignal.timeout(Math.ceil(leftMs));
  try {
    return await deps.firingCheck(run, AbortSignal.any([deps.signal, timeout]));
  } catch (error) {
    if (deps.signal.aborted) throw error;
    return { verdict: 'unknown', detail: timeout.aborted ? 'no answer within the step timeout' : error instanceof Error ? error.message : String(error) };
  }
}

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
