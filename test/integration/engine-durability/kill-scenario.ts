/**
 * One crash-and-restart scenario for the kill-at-checkpoint tests (kill-*.test.ts in this directory).
 *
 * They check that a step with side effects runs at most once unless it is idempotent, and that a run waiting
 * for approval survives restarts, under kill -9 of the built server at each checkpoint boundary of a run,
 * followed by a restart on the same data directory (same SQLite file).
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
 *     0 attempts) when the process dies.
 *
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 * Not a test file (jest only collects *.test.ts).
 */
import { startCountingTarget } from '../../helpers/start-counting-target';
import type { RunningMendbot } from '../../helpers/start-mendbot';
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

/** One crash-and-restart: the processes, the delivery's incident and the run, for the `it`s to inspect. */
export class KillScenario {
  first?: RunningMendbot;
  second?: RunningMendbot;
  targets: Target[] = [];
  incidentId = '';
  runId = '';
  /** The run as the restarted process left it, once final (or in the state the scenario waits for). */
  run?: ApiRun;
  detail?: ApiIncidentDetail;
  killedBy?: { code: number | null; signal: NodeJS.Signals | null };
  /** PLAYBOOKS_DIR shared by both processes. */
  pbDir?: string;

  async target(options: { delayMs?: number } = {}): Promise<Target> {
    const t = await startCountingTarget(options);
    this.targets.push(t);
    return t;
  }

  /** Starts the first process on fresh playbooks, delivers one alert and records its incident and run. */
  async begin(playbookYaml: string, alertname: string): Promise<void> {
    this.pbDir = playbooksDir({ 'playbook.yaml': playbookYaml });
    this.first = await startNode({ playbooksDir: this.pbDir });
    const { body } = alertmanagerBody({ alertname }, [{ labels: { instance: 'i1', severity: 'critical' } }]);
    const ack = await deliver(this.first.url, body);
    this.incidentId = ack.decisions[0]!.incidentId;
    this.runId = (await theRunOf(this.first.url, this.incidentId)).id;
  }

  /** kill -9 the first process, start the second on the same data dir (and playbooks). */
  async crashAndRestart(): Promise<void> {
    this.killedBy = await killHard(this.first!);
    this.second = await startNode({ playbooksDir: this.pbDir!, dataDir: this.first!.dataDir });
  }

  async settle(): Promise<void> {
    this.run = await waitForRun(this.second!.url, this.runId, (r) => finalStatuses.has(r.status), 'a final status after the restart').catch(
      (error: Error) => {
        throw new Error(`${error.message}\n--- restarted process log ---\n${logTail(this.second)}`);
      },
    );
    await sleep(WATCH_FOR_REPEATS_MS);
    this.run = await getRun(this.second!.url, this.runId);
    this.detail = await getIncident(this.second!.url, this.incidentId);
  }

  /** Messages of this run's timeline events, in order. */
  messages(): string[] {
    return runEvents(this.detail!, this.runId).map((e) => e.message);
  }

  async close(): Promise<void> {
    await this.second?.stop();
    this.first?.kill();
    await Promise.all(this.targets.map((t) => t.close()));
  }
}
