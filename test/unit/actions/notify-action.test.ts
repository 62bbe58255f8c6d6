import { Writable } from 'node:stream';
import pino from 'pino';
import { systemClock } from '../../../src/core/clock';
import type { ActionContext } from '../../../src/engine/action';
import { createNotifyAction } from '../../../src/engine/actions/notify-action';
import { PermanentStepError, TransientStepError } from '../../../src/engine/step-errors';
import { createLogger } from '../../../src/telemetry/create-logger';

function context(signal = new AbortController().signal): ActionContext {
  const approval = { state: null, approvers: [], expiresMs: 0 };
  return { runId: 'run_1', incidentId: 'inc_1', stepId: 'tell', commonLabels: {}, attempt: 1, signal, log: pino({ level: 'silent' }), clock: systemClock, approval };
}

/** A logger writing JSON lines into memory. */
function memoryLogger() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log: createLogger({ level: 'info', stream }), lines };
}

describe('createNotifyAction', () => {
  const silent = pino({ level: 'silent' });

  it('is the idempotent `notify` action and needs non-empty text', () => {
    const action = createNotifyAction({ log: silent });
    expect(action).toMatchObject({ name: 'notify', idempotent: true });
    expect(action.input.safeParse({ text: '  ' }).success).toBe(false);
    expect(action.input.safeParse({ text: 'restarted checkout' }).success).toBe(true);
  });

  describe('with a chat port', () => {
    it('posts the text and reports it delivered', async () => {
      const posted: unknown[] = [];
      const action = createNotifyAction({ chat: { post: async (m) => void posted.push(m) }, log: silent });
      await expect(action.execute({ text: 'restarted checkout' }, context())).resolves.toEqual({ delivered: true, logged: false });
      expect(posted).toEqual([{ text: 'restarted checkout', incidentId: 'inc_1' }]);
    });

    it('fails transiently when the post fails', async () => {
      const action = createNotifyAction({ chat: { post: async () => Promise.reject(new Error('ratelimited')) }, log: silent });
      await expect(action.execute({ text: 'x' }, context())).rejects.toBeInstanceOf(TransientStepError);
    });

    it('passes on a permanent failure the port classified itself', async () => {
      const action = createNotifyAction({ chat: { post: async () => Promise.reject(new PermanentStepError('channel_not_found')) }, log: silent });
      await expect(action.execute({ text: 'x' }, context())).rejects.toBeInstanceOf(PermanentStepError);
    });

    it('posts nothing once the step is aborted', async () => {
      const posted: unknown[] = [];
      const action = createNotifyAction({ chat: { post: async (m) => void posted.push(m) }, log: silent });
      const controller = new AbortController();
      controller.abort();
      await expect(action.execute({ text: 'x' }, context(controller.signal))).rejects.toBeInstanceOf(TransientStepError);
      expect(posted).toEqual([]);
    });
  });

  describe('without a chat port', () => {
    it('logs the message at info and reports it logged, not delivered', async () => {
      const { log, lines } = memoryLogger();
      const action = createNotifyAction({ log });
      await expect(action.execute({ text: 'restarted checkout' }, context())).resolves.toEqual({ delivered: false, logged: true });
      expect(lines()).toEqual([expect.objectContaining({ level: 'info', runId: 'run_1', stepId: 'tell', text: 'restarted checkout' })]);
    });
  });
});
