import os from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { Run } from '../core/runs/run';
import type { ClaimResult, Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { Metrics } from '../telemetry/create-metrics';
import { admitRun } from './admit-run';
import type { ActionRegistry } from './create-action-registry';
import { createBreakers } from './create-step-policy';
import { executeRun, type ExecuteRunDeps } from './execute-run';
import { releaseEndedRuns } from './release-ended-runs';
import type { FiringCheck } from './firing-check';

/** Lease length unless configured (MENDBOT_RUN_LEASE): a dead process's runs are taken over within it. */
const defaultRunLeaseMs = 3_000;
/** Runs in hand at once unless configured (MENDBOT_EXECUTOR_CONCURRENCY; see Config.executorConcurrency). */
const defaultConcurrency = 32;
/** How often an idle executor looks for work it was not woken for, expired leases included. */
const defaultPollMs = 500;

export interface ExecutorDeps {
  store: Store;
  actions: ActionRegistry;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /**
   * Lease length (default 3 s); the executor renews it every third of this while a run is in its hands,
   * so the runs of a process that dies are taken over within it plus one poll.
   */
  leaseMs?: number;
  /** How often to look for runnable runs besides wake() (deferred runs, expired leases, other processes); default 500 ms. */
  pollMs?: number;
  concurrency?: number;
  /** Identifies this process in leases (host:pid:random by default). */
  owner?: string;
  /** Told when a run starts waiting for approval or reaches a final status (chat, postmortems). */
  onRunChange?: (run: Run) => void;
  /**
   * Asks Alertmanager whether a run's alerts still fire before a non-idempotent step acts
   * (createFiringCheck). Absent: no Alertmanager API, and `still_firing` defaults to off.
   */
  firingCheck?: FiringCheck;
}

export interface Executor {
  readonly owner: string;
  start(): void;
  /** Look for work now (after a delivery created runs, an approval, a resume). */
  wake(): void;
  /**
   * Stop claiming; runs in hand finish their current step and are released before the next one. After
   * `graceMs` the attempts still in flight are aborted and left to lease recovery (idempotent steps are
   * retried, others need a human).
   */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when no run is in this executor's hands (tests, benchmarks). */
  idle(): Promise<void>;
}

export function createExecutor(deps: ExecutorDeps): Executor {
  const { store, clock, log, metrics } = deps;
  const leaseMs = deps.leaseMs ?? defaultRunLeaseMs;
  const owner = deps.owner ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const breakerFor = createBreakers();
  const shutdown = new AbortController();
  const active = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let draining = false;
  let stopping = false;
  let again = false;
  const concurrency = deps.concurrency ?? defaultConcurrency;
  const now = () => clock.now().toISOString();
  const runDeps: ExecuteRunDeps = {
    store,
    actions: deps.actions,
    clock,
    log,
    metrics,
    owner,
    leaseMs,
    breakerFor,
    shutdown: shutdown.signal,
    stopping: () => stopping,
    onRunChange: deps.onRunChange,
    firingCheck: deps.firingCheck,
  };

  const handleHits = (hits: ClaimResult['hits']) => {
    // Cancelled by a guardrail: rarely after steps ran (the budget, cooldown and resolve guards spare started
    // runs, and a run keeps its lock while it waits), but whatever such a run holds is let go.
    const cancelled = hits.filter((h) => h.kind === 'cancel').map((h) => h.runId);
    if (cancelled.length > 0) void releaseEndedRuns({ store, actions: deps.actions, clock, log }, cancelled);
    for (const h of hits) {
      metrics.guardrailHits.inc({ guardrail: h.guardrail, outcome: h.kind });
      if (h.kind === 'cancel') {
        metrics.runs.inc({ playbook: h.playbook, outcome: 'cancelled' });
        log.info({ runId: h.runId, playbook: h.playbook, guardrail: h.guardrail }, `run cancelled: ${h.reason}`);
      }
    }
  };

  const drain = async () => {
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    try {
      do {
        again = false;
        while (!stopping && active.size < concurrency) {
          // Store calls are synchronous under the promises: yield so webhooks (accept, read, ack) are never
          // starved by a backlog of runs.
          await yieldToEventLoop();
          const at = now();
          // One claim per free slot, asked together: the store answers them in one transaction (the SQLite
          // adapter's group commit; each claim still sees the leases the ones before it took), so a group of
          // new runs starts in one round instead of one round each.
          const free = concurrency - active.size;
          const claims = await Promise.allSettled(
            Array.from({ length: free }, () => store.claimRun({ owner, now: at, leaseMs, admit: (r, facts) => admitRun(r, facts, at) })),
          );
          let claimed = 0;
          let failure: unknown;
          for (const claim of claims) {
            // A run another claim of the same round leased is executed even if this one failed.
            if (claim.status === 'rejected') {
              failure ??= claim.reason;
              continue;
            }
            const { run, hits } = claim.value;
            handleHits(hits);
            if (!run) continue;
            claimed++;
            const p = executeRun(runDeps, run).catch((error: unknown) => log.error({ err: error, runId: run.id }, 'executor failed on run'));
            active.add(p);
            void p.finally(() => {
              active.delete(p);
              if (!stopping) void drain();
            });
          }
          if (failure !== undefined) throw failure;
          if (claimed < free) break;
        }
      } while (again && !stopping);
    } catch (error) {
      log.error({ err: error }, 'could not claim runs; will retry on the next poll');
    } finally {
      draining = false;
    }
  };

  return {
    owner,
    start() {
      timer ??= setInterval(() => void drain(), deps.pollMs ?? defaultPollMs);
      void drain();
    },
    wake() {
      void drain();
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      if (timer) clearInterval(timer);
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.allSettled([...active]), grace]);
      shutdown.abort(new Error('executor stopping'));
      await Promise.allSettled([...active]);
    },
    async idle() {
      // Wait on the runs in hand themselves; while only claiming (nothing in hand yet), yield one turn at a time.
      // (A fixed 10 ms sleep per round was most of a `mendbot test` case.)
      while (active.size > 0 || draining) {
        if (active.size > 0) await Promise.allSettled([...active]);
        else await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

