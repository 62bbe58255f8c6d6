/**
 * The server dies while a non-idempotent http step is in flight: after the restart the run must stop in
 * needs_attention instead of repeating a request that may already have had its effect.
 *
 * The common setup (data dirs, counting targets, how the kill point is known) is described in kill-scenario.ts.
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { waitFor } from '../../helpers/wait-for';
import { stepOf } from './durability-harness';
import { KillScenario, type Target } from './kill-scenario';

jest.setTimeout(60_000);

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(b) killed while a non-idempotent http step is in flight', () => {
    const s = new KillScenario();
    let slow: Target;
    let fast: Target;

    beforeAll(async () => {
      slow = await s.target({ delayMs: 4_000 }); // holds the request open: the step is mid-flight
      fast = await s.target();
      await s.begin(
        `
name: durability-non-idempotent
match: ['alertname="DurabilityNonIdempotent"']
mode: auto
steps:
  - id: poke
    action: http
    with: { method: POST, url: "${slow.url}/poke/{{ labels.instance }}" }
  - id: after
    action: http
    with: { method: POST, url: "${fast.url}/after/{{ labels.instance }}" }
`,
        'DurabilityNonIdempotent',
      );
      await waitFor(() => slow.count('/poke/i1') === 1, { description: 'the target to receive the poke request', intervalMs: 5 });
      await s.crashAndRestart();
      await s.settle();
    });
    afterAll(() => s.close());

    it('puts the run in needs_attention after the restart', () => {
      expect(s.killedBy).toEqual({ code: null, signal: 'SIGKILL' });
      expect(s.run!.status).toBe('needs_attention');
    });

    it('names the interrupted step, and why, in the reason', () => {
      expect(s.run!.reason).toMatch(/step poke \(http\) was interrupted mid-flight and is not idempotent/);
    });

    it('does not repeat the interrupted request', () => {
      expect(slow.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /poke/i1']);
      expect(stepOf(s.run!, 'poke').attempts).toBe(1);
    });

    it('runs none of the later steps', () => {
      expect(fast.count()).toBe(0);
      expect(stepOf(s.run!, 'after')).toMatchObject({ status: 'pending', attempts: 0 });
    });

    it('records the needs_attention decision in the incident timeline', () => {
      expect(s.messages()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^run run_\w+ needs_attention: step poke \(http\) was interrupted/)]),
      );
    });
  });
});
