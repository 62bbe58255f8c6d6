/**
 * The server dies during each on_failure step in turn: first while the first one (a non-idempotent http POST)
 * is in flight, then, on the restarted process, right after the second one was recorded as succeeded and
 * before the run's outcome was written (crash hook). The first must never be repeated (its outcome is
 * unknown: the run ends needs_attention), the second must still run after the first restart, and neither
 * may run again after the second.
 *
 * The common setup (data dirs, counting targets, how the kill point is known) is described in kill-scenario.ts.
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { waitFor } from '../../helpers/wait-for';
import { stepOf } from './durability-harness';
import { crashAfter, KillScenario, type Target } from './kill-scenario';

jest.setTimeout(90_000);

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(h) killed during each on_failure step', () => {
    const s = new KillScenario();
    let fast: Target;
    let slow: Target;

    beforeAll(async () => {
      fast = await s.target();
      slow = await s.target({ delayMs: 10_000 }); // holds the page open: it is mid-flight
      await s.begin(
        `
name: durability-on-failure
match: ['alertname="DurabilityOnFailure"']
mode: auto
steps:
  - id: check
    action: http
    with: { method: POST, url: "${fast.url}/fails", expect_status: [204] }
on_failure:
  - action: http
    with: { method: POST, url: "${slow.url}/page" }
  - action: http
    with: { method: POST, url: "${fast.url}/notify" }
`,
        'DurabilityOnFailure',
      );
      await waitFor(() => slow.count('/page') === 1, { description: 'the first on_failure POST to reach the target', intervalMs: 5 });
      await s.crashAndRestart(crashAfter('on_failure.1:succeeded'));
      await s.awaitSelfCrash();
      await s.crashAndRestart();
      await s.settle();
    });
    afterAll(() => s.close());

    it('was killed with the first on_failure step in flight, then right after the second one succeeded', () => {
      expect(s.nodes).toHaveLength(3);
      expect(s.second!.logs.some((l) => l.includes('test crash after checkpoint on_failure.1:succeeded'))).toBe(true);
    });

    it('never repeats the interrupted first step, and records its outcome as unknown', () => {
      expect(slow.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /page']);
      expect(stepOf(s.run!, 'on_failure.0')).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/interrupted mid-flight/) });
    });

    it('runs the second step once, across both restarts', () => {
      expect(fast.requests.map((r) => r.path)).toEqual(['/fails', '/notify']);
      expect(stepOf(s.run!, 'on_failure.1')).toMatchObject({ status: 'succeeded', attempts: 1 });
    });

    it('ends needs_attention, naming the on_failure step whose outcome is unknown', () => {
      expect(s.run!.status).toBe('needs_attention');
      expect(s.run!.reason).toMatch(/on_failure\.0 \(http\) was interrupted mid-flight/);
    });
  });
});
