/**
 * The server dies after step 1 (http) completed and while step 2 runs: the restarted process must continue
 * from step 2 without repeating step 1.
 *
 * The common setup (data dirs, counting targets, how the kill point is known) is described in kill-scenario.ts.
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { sleep, stepOf, waitForRun, type ApiRun } from './durability-harness';
import { KillScenario, type Target } from './kill-scenario';

jest.setTimeout(60_000);

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(d) killed after step 1 (http) completed, while step 2 is in flight', () => {
    const s = new KillScenario();
    let target: Target;
    let atKill: ApiRun;
    let requestsAtKill: string[] = [];

    beforeAll(async () => {
      target = await s.target();
      await s.begin(
        `
name: durability-after-first
match: ['alertname="DurabilityAfterFirst"']
mode: auto
steps:
  - id: first
    action: http
    with: { method: POST, url: "${target.url}/first/{{ labels.instance }}" }
  - id: settle
    action: wait
    with: { duration: 3s }
  - id: last
    action: http
    with: { method: POST, url: "${target.url}/last/{{ labels.instance }}" }
`,
        'DurabilityAfterFirst',
      );
      atKill = await waitForRun(s.first!.url, s.runId, (r) => stepOf(r, 'settle').status === 'running', 'settle running');
      await sleep(300);
      requestsAtKill = target.requests.map((r) => r.path);
      await s.crashAndRestart();
      await s.settle();
    });
    afterAll(() => s.close());

    it('was killed with step 1 checkpointed as succeeded and step 2 as running', () => {
      expect(stepOf(atKill, 'first')).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(stepOf(atKill, 'settle')).toMatchObject({ status: 'running' });
      expect(requestsAtKill).toEqual(['/first/i1']);
    });

    it('never repeats the completed step 1', () => {
      expect(target.count('/first/i1')).toBe(1);
      expect(stepOf(s.run!, 'first')).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(s.messages().filter((m) => m.startsWith('step first (http) started'))).toHaveLength(1);
    });

    it('continues from step 2 and completes the run, every side effect once', () => {
      expect(s.run!.status).toBe('succeeded');
      expect(target.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /first/i1', 'POST /last/i1']);
    });
  });
});
