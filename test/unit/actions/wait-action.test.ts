import pino from 'pino';
import { systemClock } from '../../../src/core/clock';
import type { ActionContext } from '../../../src/engine/action';
import { createWaitAction } from '../../../src/engine/actions/wait-action';
import { TransientStepError } from '../../../src/engine/step-errors';

function context(signal = new AbortController().signal): ActionContext {
  const approval = { state: null, approvers: [], expiresMs: 0 };
  return { runId: 'run_1', incidentId: 'inc_1', stepId: 'settle', commonLabels: {}, attempt: 1, signal, log: pino({ level: 'silent' }), clock: systemClock, approval };
}

describe('createWaitAction', () => {
  it('is the idempotent `wait` action', () => {
    expect(createWaitAction()).toMatchObject({ name: 'wait', idempotent: true });
  });

  it('parses the duration', () => {
    const action = createWaitAction();
    expect(action.input.parse({ duration: '2m' })).toEqual({ duration: 120_000 });
    expect(action.input.parse({ duration: '1500ms' })).toEqual({ duration: 1500 });
  });

  it.each([{ duration: 'a bit' }, { duration: '-5s' }, { duration: 30 }, {}, { duration: '5s', extra: true }])('rejects %j', (input) => {
    expect(createWaitAction().input.safeParse(input).success).toBe(false);
  });

  describe('with an injected sleep', () => {
    it('sleeps the duration with the step signal and reports it', async () => {
      const calls: Array<[number, AbortSignal]> = [];
      const action = createWaitAction({ sleep: async (ms, signal) => void calls.push([ms, signal]) });
      const ctx = context();
      await expect(action.execute(action.input.parse({ duration: '5m' }), ctx)).resolves.toEqual({ waitedMs: 300_000 });
      expect(calls).toEqual([[300_000, ctx.signal]]);
    });
  });

  describe('with the real timer', () => {
    it('waits about the duration', async () => {
      const started = Date.now();
      await createWaitAction().execute({ duration: 30 }, context()); // validated input is in ms
      expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    });

    it('stops at once when the step is aborted, as a transient failure', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      const started = Date.now();
      const result = createWaitAction().execute({ duration: 60_000 }, context(controller.signal));
      await expect(result).rejects.toBeInstanceOf(TransientStepError);
      await expect(result).rejects.toMatchObject({ details: { aborted: true } });
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });
});
