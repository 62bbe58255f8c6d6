import { Writable } from 'node:stream';
import { z } from 'zod';
import { createManualClock } from '../../../src/core/clock';
import type { PlaybookStep } from '../../../src/core/playbooks/playbook';
import type { StepState } from '../../../src/core/runs/run';
import type { Action } from '../../../src/engine/action';
import { createActionRegistry } from '../../../src/engine/create-action-registry';
import { executeStep, type StepDeps } from '../../../src/engine/execute-step';
import { createSecretSource } from '../../../src/engine/secrets/create-secret-source';
import { PermanentStepError } from '../../../src/engine/step-errors';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { buildRun } from '../runs/build-run';

const secret = 'canary-7f3a9c1e';

/** Echoes its input back as output, or fails with an error that quotes it, as careless targets do. */
const echo: Action<{ url: string; fail?: boolean; enumValue?: string }> = {
  name: 'echo',
  description: 'test action',
  input: z.object({ url: z.string(), fail: z.boolean().optional(), enumValue: z.enum(['a', 'b']).optional() }).strict(),
  idempotent: true,
  async execute(input, ctx) {
    ctx.log.info({ url: input.url }, `calling ${input.url}`);
    if (input.fail) throw new PermanentStepError(`request to ${input.url} refused`, { url: input.url, body: `{"echo":"${secret}"}` });
    return { echoed: input.url, encoded: encodeURIComponent(input.url) };
  },
};

function setup(withBlock: Record<string, unknown>) {
  const checkpoints: unknown[] = [];
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const deps: StepDeps = {
    actions: createActionRegistry([echo], { secrets: createSecretSource({ env: { MENDBOT_SECRET_token: secret } }) }),
    clock: createManualClock(),
    log: createLogger({ level: 'debug', stream }),
    metrics: createMetrics(),
    breakerFor: () => undefined,
    checkpoint: async (steps, event) => {
      checkpoints.push(JSON.parse(JSON.stringify({ steps, event })));
    },
    signal: new AbortController().signal,
  };
  const def: PlaybookStep = { id: 's', action: 'echo', with: withBlock, retry: { attempts: 1, backoff: 'fixed', initialMs: 0, maxMs: 0 }, timeoutMs: 5000, compensate: [] };
  const state: StepState = { id: 's', phase: 'main', action: 'echo', status: 'pending', attempts: 0 };
  const run = buildRun({ steps: [state] }, { steps: [def] });
  return { deps, def, state, run, checkpoints, logLines };
}

describe('executeStep with secrets', () => {
  it('hands the action the value; records the placeholder and scrubs what the action says back', async () => {
    const t = setup({ url: 'https://api/x?key={{ secrets.token }}' });
    const outcome = await executeStep(t.deps, t.run, t.state, t.def);
    expect(outcome).toEqual({ kind: 'done' });
    expect(t.state).toMatchObject({
      status: 'succeeded',
      input: { url: 'https://api/x?key={{ secrets.token }}' },
      output: { echoed: 'https://api/x?key=[redacted]', encoded: expect.stringContaining('[redacted]') },
    });
    expect(JSON.stringify(t.checkpoints)).not.toContain(secret);
  });

  it('scrubs what the action logs (message and merged object)', async () => {
    const t = setup({ url: 'https://api/x?key={{ secrets.token }}' });
    await executeStep(t.deps, t.run, t.state, t.def);
    const line = t.logLines.find((l) => l.includes('calling'));
    expect(line).toContain('calling https://api/x?key=[redacted]');
    expect(t.logLines.join('')).not.toContain(secret);
  });

  it('scrubs failures: the returned error, the step error, its details and the checkpoint events', async () => {
    const t = setup({ url: 'https://api/x?key={{ secrets.token }}', fail: true });
    const outcome = await executeStep(t.deps, t.run, t.state, t.def);
    expect(outcome).toEqual({ kind: 'failed', error: 'request to https://api/x?key=[redacted] refused' });
    expect(t.state.error).toBe('request to https://api/x?key=[redacted] refused');
    expect(t.state.errorDetails).toEqual({ url: 'https://api/x?key=[redacted]', body: '{"echo":"[redacted]"}' });
    const stored = JSON.stringify(t.checkpoints);
    expect(stored).toContain('[redacted]');
    expect(stored).not.toContain(secret);
  });

  it('scrubs an input validation message that quotes the refused value', async () => {
    const t = setup({ url: 'u', enumValue: '{{ secrets.token }}' });
    const outcome = await executeStep(t.deps, t.run, t.state, t.def);
    expect(outcome.kind).toBe('failed');
    expect(t.state.input).toEqual({ url: 'u', enumValue: '{{ secrets.token }}' });
    expect(JSON.stringify([outcome, t.state, t.checkpoints])).not.toContain(secret);
  });

  it('records a dry run with the placeholder', async () => {
    const t = setup({ url: 'https://api/x?key={{ secrets.token }}' });
    await executeStep(t.deps, { ...t.run, mode: 'dry-run' }, t.state, t.def);
    expect(t.state).toMatchObject({ status: 'dry_run', input: { url: 'https://api/x?key={{ secrets.token }}' } });
  });

  it('fails a step whose secret is not set, without running it', async () => {
    const t = setup({ url: '{{ secrets.missing }}' });
    const outcome = await executeStep(t.deps, t.run, t.state, t.def);
    expect(outcome).toEqual({ kind: 'failed', error: expect.stringContaining('no value for {{ secrets.missing }}') });
    expect(t.state.attempts).toBe(0);
  });
});
