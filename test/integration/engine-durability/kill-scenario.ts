/**
 * One crash-and-restart scenario for the kill-at-checkpoint tests (kill-*.test.ts in this directory).
 *
 * They check that a step with side effects runs at most once unless it is idempotent, that a run waiting
 * for approval survives restarts, and that failure handling survives every phase (a failure just recorded,
 * each compensation, each on_failure step, the postmortem: no planned step lost, none repeated), under
 * kill -9 of the built server at each checkpoint boundary of a run, followed by a restart on the same data
 * directory (same SQLite file); some scenarios kill the restarted process again.
 *
 * Every scenario: its own data dir, its own counting targets (real HTTP servers on 127.0.0.1 that record
 * each request), an `auto` (or `approval`) playbook in a temp PLAYBOOKS_DIR, one Alertmanager v4 webhook
 * delivery, SIGKILL at a known point, a fresh process on the same data dir. MENDBOT_RUN_LEASE=1s so the new
 * process reclaims an orphaned run ~1 s after the crash (the executor polls every 500 ms).
 *
 * How the kill point is known: the `running` checkpoint is committed before the action starts, so
 *   - "http step in flight"  = the counting target has received the request (it holds it open with a delay);
 *   - "wait step in flight"  = GET /api/runs/:id shows that step `running` (its 3 s are far from over);
 *   - "before the first step" = the kill switch is on, so the run is provably still untouched (`pending`,
 *     0 attempts) when the process dies;
 *   - "right after checkpoint X committed" = the process kills itself there (crash-after-checkpoint.cjs,
 *     preloaded through `crashAfter(X)`): for moments between two writes, which no outside observer can hit.
 *
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 * Not a test file (jest only collects *.test.ts).
 */
import path from 'node:path';
import { startCountingTarget } from '../../helpers/start-counting-target';
import type { RunningMendbot } from '../../helpers/start-mendbot';
import { waitFor } from '../../helpers/wait-for';
import {
  alertmanagerBody,
  deliver,
  finalStatuses,
  getIncident,
  getRun,
  killHard,
  logTail,
  playbooksDir,
  runEvents,
  sleep,
  startNode,
  theRunOf,
  waitForRun,
  type ApiIncidentDetail,
  type ApiRun,
} from './durability-harness';

export type Target = Awaited<ReturnType<typeof startCountingTarget>>;

/** After the run settles, how long to keep watching for a (wrong) repeat of a side effect. */
const WATCH_FOR_REPEATS_MS = 1_500;

/** Env for a process that SIGKILLs itself right after the run checkpoint `checkpoint` (see crash-after-checkpoint.cjs). */
export function crashAfter(checkpoint: string): Record<string, string> {
  return { NODE_OPTIONS: `--require ${path.join(__dirname, 'crash-after-checkpoint.cjs')}`, CRASH_AFTER_CHECKPOINT: checkpoint };
}

/** One crash-and-restart (or several, in a row): the processes, the delivery's incident and the run, for the `it`s to inspect. */
export class KillScenario {
  /** Every process started on the data dir, in order; the last one is the one still running. */
  nodes: RunningMendbot[] = [];
  targets: Target[] = [];
  incidentId = '';
  runId = '';
  /** The run as the restarted process left it, once final (or in the state the scenario waits for). */
  run?: ApiRun;
  detail?: ApiIncidentDetail;
  /** How the process before the last restart ended. */
  killedBy?: { code: number | null; signal: NodeJS.Signals | null };
  /** PLAYBOOKS_DIR shared by every process. */
  pbDir?: string;

  get first(): RunningMendbot | undefined {
    return this.nodes[0];
  }

  /** For scenarios that start the first process themselves. */
  set first(m: RunningMendbot | undefined) {
    if (m) this.nodes[0] = m;
  }

  /** The process started by the first restart. */
  get second(): RunningMendbot | undefined {
    return this.nodes[1];
  }

  get latest(): RunningMendbot | undefined {
    return this.nodes.at(-1);
  }

  async target(options: { delayMs?: number } = {}): Promise<Target> {
    const t = await startCountingTarget(options);
    this.targets.push(t);
    return t;
  }

  /** Starts the first process on fresh playbooks, delivers one alert and records its incident and run. */
  async begin(playbookYaml: string, alertname: string, env: Record<string, string> = {}): Promise<void> {
    this.pbDir = playbooksDir({ 'playbook.yaml': playbookYaml });
    this.nodes.push(await startNode({ playbooksDir: this.pbDir, env }));
    const { body } = alertmanagerBody({ alertname }, [{ labels: { instance: 'i1', severity: 'critical' } }]);
    const ack = await deliver(this.first!.url, body);
    this.incidentId = ack.decisions[0]!.incidentId;
    this.runId = (await theRunOf(this.first!.url, this.incidentId)).id;
  }

  /** kill -9 the running process (unless it already died: a crash hook), start the next on the same data dir (and playbooks). */
  async crashAndRestart(env: Record<string, string> = {}): Promise<void> {
    const dying = this.latest!;
    this.killedBy = await killHard(dying);
    this.nodes.push(await startNode({ playbooksDir: this.pbDir!, dataDir: dying.dataDir, env }));
  }

  /** Waits until the running process killed itself at its crash hook's checkpoint. */
  async awaitSelfCrash(timeoutMs = 20_000): Promise<void> {
    const p = this.latest!.process;
    await waitFor(() => p.exitCode !== null || p.signalCode !== null, { description: 'the crash hook to kill the process', timeoutMs, intervalMs: 10 }).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n--- process log ---\n${logTail(this.latest)}`);
      },
    );
  }

  async settle(): Promise<void> {
    this.run = await waitForRun(this.latest!.url, this.runId, (r) => finalStatuses.has(r.status), 'a final status after the restart').catch(
      (error: Error) => {
        throw new Error(`${error.message}\n--- restarted process log ---\n${logTail(this.latest)}`);
      },
    );
    await sleep(WATCH_FOR_REPEATS_MS);
    this.run = await getRun(this.latest!.url, this.runId);
    this.detail = await getIncident(this.latest!.url, this.incidentId);
  }

  /** Messages of this run's timeline events, in order. */
  messages(): string[] {
    return runEvents(this.detail!, this.runId).map((e) => e.message);
  }

  async close(): Promise<void> {
    await this.latest?.stop();
    for (const m of this.nodes) m.kill();
    await Promise.all(this.targets.map((t) => t.close()));
  }
}
