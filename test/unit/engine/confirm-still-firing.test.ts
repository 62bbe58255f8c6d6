import { Writable } from 'node:stream';
import type { PlaybookStep } from '../../../src/core/playbooks/playbook';
import { confirmStillFiring, mustConfirmStillFiring } from '../../../src/engine/confirm-still-firing';
import type { FiringCheckResult } from '../../../src/engine/firing-check';
import { createLogger } from '../../../src/telemetry/create-logger';
import { buildRun } from '../runs/build-run';

const step = (extra: Partial<PlaybookStep> = {}): PlaybookStep => ({
  id: 'restart',
  action: 'http',
  with: {},
  retry: { attempts: 1, backoff: 'fixed', initialMs: 0, maxMs: 0 },
  timeoutMs: 30_000,
  compensate: [],
  ...extra,
});
const log = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
const run = buildRun({ context: { labels: { alertname: 'HighErrorRate' }, annotations: {}, commonLabels: {}, params: {} } });

/** Answers from a script, the last one repeating; counts the questions. */
function scripted(...answers: FiringCheckResult['verdict'][]) {
  const asked: number[] = [];
  const firingCheck = async () => {
    asked.push(Date.now());
    const verdict = answers.length > 1 ? answers.shift()! : answers[0]!;
    return { verdict, detail: `said ${verdict}` };
  };
  return { firingCheck, asked };
}

describe('mustConfirmStillFiring', () => {
  it('a step setting wins over the playbook, which wins over "on when an Alertmanager is configured"', () => {
    expect(mustConfirmStillFiring(run, step(), true)).toBe(true);
    expect(mustConfirmStillFiring(run, step(), false)).toBe(false);
    expect(mustConfirmStillFiring(buildRun({}, { stillFiring: false }), step(), true)).toBe(false);
    expect(mustConfirmStillFiring(buildRun({}, { stillFiring: true }), step(), false)).toBe(true);
    expect(mustConfirmStillFiring(buildRun({}, { stillFiring: true }), step({ stillFiring: false }), true)).toBe(false);
    expect(mustConfirmStillFiring(buildRun({}, { stillFiring: false }), step({ stillFiring: true }), false)).toBe(true);
  });
});

describe('confirmStillFiring', () => {
  const notes: string[] = [];
  const deps = (firingCheck?: ReturnType<typeof scripted>['firingCheck']) => ({ firingCheck, signal: new AbortController().signal, log, note: async (m: string) => void notes.push(m) });
  beforeEach(() => (notes.length = 0));

  it('acts quietly when firing or not applicable; skips with the detail when not firing', async () => {
    expect(await confirmStillFiring(deps(scripted('firing').firingCheck), run, step())).toEqual({ kind: 'act' });
    expect(await confirmStillFiring(deps(scripted('not_applicable').firingCheck), run, step())).toEqual({ kind: 'act' });
    expect(await confirmStillFiring(deps(scripted('not_firing').firingCheck), run, step())).toEqual({ kind: 'skip', reason: 'said not_firing' });
    expect(notes).toEqual([]);
  });

  it('wait: asks again with backoff until an answer comes, within the timeout', async () => {
    const s = scripted('unknown', 'unknown', 'not_firing');
    expect(await confirmStillFiring(deps(s.firingCheck), run, step())).toEqual({ kind: 'skip', reason: 'said not_firing' });
    expect(s.asked).toHaveLength(3);
    expect(s.asked[2]! - s.asked[1]!).toBeGreaterThan(s.asked[1]! - s.asked[0]!); // backoff grows
    expect(notes).toEqual(['step restart waits: Alertmanager could not be asked whether HighErrorRate still fires: said unknown; asking again for up to 30 s (on_unknown: wait)']);
  });

  it('wait: escalates once the step timeout is spent', async () => {
    const s = scripted('unknown');
    const gate = await confirmStillFiring(deps(s.firingCheck), run, step({ timeoutMs: 400 }));
    expect(gate).toEqual({ kind: 'escalate', reason: "Alertmanager could not be asked whether HighErrorRate still fires: said unknown (still no answer after the step's 400 ms timeout)" });
    expect(s.asked.length).toBeGreaterThanOrEqual(2);
  });

  it('a question that outlives the step timeout is an unknown answer', async () => {
    const hanging = async (_r: unknown, signal: AbortSignal) =>
      new Promise<FiringCheckResult>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const gate = await confirmStillFiring({ ...deps(), firingCheck: hanging }, run, step({ timeoutMs: 100, onUnknown: 'stop' }));
    expect(gate).toEqual({ kind: 'escalate', reason: 'Alertmanager could not be asked whether HighErrorRate still fires: no answer within the step timeout' });
  });

  it('proceed: acts with a note; stop: escalates at once (the step overrides the playbook)', async () => {
    const proceed = await confirmStillFiring(deps(scripted('unknown').firingCheck), buildRun({ context: run.context }, { onUnknown: 'proceed' }), step());
    expect(proceed).toEqual({ kind: 'act', note: 'step restart (http) acts without confirmation (on_unknown: proceed): Alertmanager could not be asked whether HighErrorRate still fires: said unknown' });
    const s = scripted('unknown');
    const stop = await confirmStillFiring(deps(s.firingCheck), buildRun({ context: run.context }, { onUnknown: 'proceed' }), step({ onUnknown: 'stop' }));
    expect(stop.kind).toBe('escalate');
    expect(s.asked).toHaveLength(1);
  });

  it('without an Alertmanager API, an explicit still_firing escalates at once rather than wait for nothing', async () => {
    const started = Date.now();
    expect(await confirmStillFiring(deps(), run, step())).toEqual({
      kind: 'escalate',
      reason: 'Alertmanager could not be asked whether HighErrorRate still fires: no Alertmanager API is configured (ALERTMANAGER_URL)',
    });
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('stops waiting when the executor shuts down', async () => {
    const stop = new AbortController();
    const gate = confirmStillFiring({ ...deps(scripted('unknown').firingCheck), signal: stop.signal }, run, step());
    setTimeout(() => stop.abort(new Error('executor stopping')), 50);
    await expect(gate).rejects.toThrow();
  });
});
