/**
 * The server dies during an idempotent `wait` step: after the restart that step is simply retried and the
 * run completes, with the later http side effect made once.
 *
 * The common setup (data dirs, counting targets, how the kill point is known) is described in kill-scenario.ts.
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { sleep, stepOf, waitForRun, type ApiRun } from './durability-harness';
import { KillScenario, type Target } from './kill-scenario';
import { waitThenPoke } from './wait-then-poke';

jest.setTimeout(60_000);

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(c) killed while an idempotent wait step is in flight', () => {
    const s = new KillScenario();
    let target: Target;
    let atKill: ApiRun;
    let hitsAtKill = -1;

    beforeAll(async () => {
      target = await s.target();
      await s.begin(waitThenPoke('durability-idempotent', 'DurabilityIdempotent', target.url, '3s'), 'DurabilityIdempotent');
      atKill = await waitForRun(s.first!.url, s.runId, (r) => stepOf(r, 'settle').status === 'running', 'settle running');
      await sleep(300);
      hitsAtKill = target.count();
      await s.crashAndRestart();
      await s.settle();
    });
    afterAll(() => s.close());

    it('was killed with the wait step checkpointed as running', () => {
      expect(s.killedBy).toEqual({ code: null, signal: 'SIGKILL' });
      expect(stepOf(atKill, 'settle')).toMatchObject({ status: 'running', attempts: 1 });
      expect(hitsAtKill).toBe(0);
    });

    it('retries the interrupted step after the restart (a second attempt)', () => {
      expect(stepOf(s.run!, 'settle')).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(s.messages()).toEqual(expect.arrayContaining(['step settle was interrupted; retrying it (idempotent)']));
    });

    it('completes the run', () => {
      expect(s.run!.status).toBe('succeeded');
    });

    it('makes the later http side effect exactly once', () => {
      expect(target.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /poke/i1']);
    });
  });
});
