import { Writable } from 'node:stream';
import { z } from 'zod';
import { createManualClock } from '../../../src/core/clock';
import type { PlaybookStep } from '../../../src/core/playbooks/playbook';
import type { StepState } from '../../../src/core/runs/run';
import { dryRunSummary } from '../../../src/core/runs/dry-run-summary';
import { runOutcome } from '../../../src/core/runs/run-outcome';
import type { Action } from '../../../src/engine/action';
import { createActionRegistry } from '../../../src/engine/create-action-registry';
import { executeStep, type StepDeps } from '../../../src/engine/execute-step';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { buildRun } from '../runs/build-run';

let executed = 0;
const strictAction: Action<{ program: string }> = {
  name: 'run',
  description: 'test action that refuses programs not on its list',
  input: z.object({ program: z.enum(['/usr/bin/true']) }).strict(),
  idempotent: false,
  async execute() {
    executed++;
    return {};
  },
};

function setup(action: string, withBlock: Record<string, unknown>, mode: 'dry-run' | 'auto' = 'dry-run') {
  const events: string[] = [];
  const deps: StepDeps = {
    actions: createActionRegistry([strictAction]),
    clock: createManualClock(),
    log: createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) }),
    metrics: createMetrics(),
    breakerFor: () => undefined,
    checkpoint: async (_steps, event) => void (event && events.push(event.message)),
    signal: new AbortController().signal,
  };
  const def: PlaybookStep = { id: 's', action, with: withBlock, retry: { attempts: 1, backoff: 'fixed', initialMs: 0, maxMs: 0 }, timeoutMs: 5000, compensate: [] };
  const state: StepState = { id: 's', phase: 'main', action, status: 'pending', attempts: 0 };
  const run = buildRun({ steps: [state], mode }, { steps: [def], mode });
  return { deps, def, state, run, events };
}

describe('a dry run never fails on a step it did not execute', () => {
  beforeEach(() => (executed = 0));

  it('records an input its action refuses as "would fail", and carries on', async () => {
    const t = setup('run', { program: '/usr/local/bin/cleanup' });
    expect(await executeStep(t.deps, t.run, t.state, t.def)).toEqual({ kind: 'done' });
    expect(t.state).toMatchObject({ status: 'dry_run', attempts: 0, input: { program: '/usr/local/bin/cleanup' }, error: expect.stringMatching(/^would fail: invalid input for run at with\.program: /) });
    expect(t.events).toEqual([expect.stringMatching(/^step s \(run\) dry-run: would fail: invalid input for run at with\.program: /)]);
    expect(executed).toBe(0);
  });

  it('the same for an unknown action and a template that cannot render', async () => {
    const unknown = setup('nope', {});
    await executeStep(unknown.deps, unknown.run, unknown.state, unknown.def);
    expect(unknown.state).toMatchObject({ status: 'dry_run', error: 'would fail: unknown action nope' });
    const broken = setup('run', { program: '{{ labels.missing }}' });
    await executeStep(broken.deps, broken.run, broken.state, broken.def);
    expect(broken.state).toMatchObject({ status: 'dry_run', input: { program: '{{ labels.missing }}' }, error: expect.stringMatching(/^would fail: /) });
  });

  it('outside a dry run the same step still fails', async () => {
    const t = setup('run', { program: '/usr/local/bin/cleanup' }, 'auto');
    expect(await executeStep(t.deps, t.run, t.state, t.def)).toEqual({ kind: 'failed', error: expect.stringMatching(/^invalid input for run/) });
    expect(t.state.status).toBe('failed');
  });
});

describe('dryRunSummary and the dry run outcome', () => {
  const state = (id: string, status: StepState['status'], error?: string): StepState => ({ id, phase: 'main', action: 'exec', status, attempts: 0, ...(error ? { error } : {}) });

  it('says what would have run, what would have stopped it, and what when: skipped', () => {
    const steps = [state('a', 'dry_run'), state('b', 'dry_run', 'would fail: not allowlisted'), state('c', 'skipped'), state('d', 'dry_run')];
    expect(dryRunSummary(steps)).toBe('dry run, nothing executed; it would not have completed; would have run a (exec), d (exec); b (exec) would fail: not allowlisted; skipped by when: c (exec)');
    expect(runOutcome({ mode: 'dry-run', steps })).toEqual({ status: 'dry_run', reason: dryRunSummary(steps) });
  });

  it('every step blocked, or every step fine', () => {
    expect(dryRunSummary([state('a', 'dry_run', 'would fail: x')])).toBe('dry run, nothing executed; it would not have completed; no step would have run; a (exec) would fail: x');
    expect(dryRunSummary([state('a', 'dry_run'), state('c', 'skipped')])).toBe('every step rendered, none executed; skipped by when: c (exec)');
  });
});
