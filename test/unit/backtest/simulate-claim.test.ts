import { simulateClaim } from '../../../src/backtest/simulate-claim';
import { SimulatedHistory } from '../../../src/backtest/simulated-history';
import type { Controls } from '../../../src/core/runs/controls';
import type { Run } from '../../../src/core/runs/run';
import { seedRun } from '../../../src/core/runs/seed-run';
import { buildRunSeed } from '../../../src/runs/build-run-seed';
import { playbookFromYaml } from '../../helpers/start-engine';

const t0 = Date.parse('2026-03-14T09:00:00.000Z');
const minute = 60_000;
const open: Controls = { killSwitch: null, paused: {} };

const playbook = (extra: string) =>
  playbookFromYaml(`
name: restart
mode: auto
match: ['alertname="Down"']
params:
  host: { from: labels.host, pattern: "^[a-z0-9-]+$" }
lock: "{{ params.host }}"
${extra}
steps:
  - id: restart
    action: http
    with: { method: POST, url: "http://127.0.0.1:9/restart" }
`);

let n = 0;
function run(extra: string, host: string, correlationId: string, atMs: number): Run {
  const seed = buildRunSeed(playbook(extra), { labels: { alertname: 'Down', host }, annotations: {}, commonLabels: {}, alertKey: `k${n}`, trigger: 'alert' });
  return seedRun(seed, { runId: `sim_${++n}`, incident: { id: `inc_${correlationId}`, correlationId }, now: new Date(atMs).toISOString() }).run;
}

const claim = (history: SimulatedHistory, r: Run, atMs: number, more: Partial<{ controls: Controls; incidentStatus: 'open' | 'resolved'; runDurationMs: number }> = {}) =>
  simulateClaim(r, { nowMs: atMs, controls: open, incidentStatus: 'open', runDurationMs: 0, ...more }, history);

describe('simulateClaim (admitRun against a simulated history)', () => {
  it('holds the run over budget within the hour, and admits again once the hour has passed', () => {
    const h = new SimulatedHistory();
    const extra = 'limits: { maxRunsPerHour: 2 }';
    expect(claim(h, run(extra, 'a', 'c1', t0), t0)).toEqual({ kind: 'started', atMs: t0, waitedForLock: false });
    expect(claim(h, run(extra, 'b', 'c2', t0), t0 + minute).kind).toBe('started');
    expect(claim(h, run(extra, 'c', 'c3', t0), t0 + 2 * minute)).toEqual({ kind: 'held', guardrail: 'budget' });
    expect(claim(h, run(extra, 'd', 'c4', t0), t0 + 61 * minute).kind).toBe('started');
  });

  it('holds a second run for the same correlation ID within the cooldown only', () => {
    const h = new SimulatedHistory();
    const extra = 'limits: { cooldown: 30m }';
    expect(claim(h, run(extra, 'a', 'c1', t0), t0).kind).toBe('started');
    expect(claim(h, run(extra, 'a', 'c2', t0), t0 + minute).kind).toBe('started');
    expect(claim(h, run(extra, 'a', 'c1', t0), t0 + 10 * minute)).toEqual({ kind: 'held', guardrail: 'cooldown' });
    expect(claim(h, run(extra, 'a', 'c1', t0), t0 + 31 * minute).kind).toBe('started');
  });

  it('with a run duration, waits for a held lock (lock_policy wait) or is skipped (skip); duration 0 never contends', () => {
    const h = new SimulatedHistory();
    expect(claim(h, run('', 'a', 'c1', t0), t0, { runDurationMs: 5 * minute }).kind).toBe('started');
    expect(claim(h, run('', 'a', 'c2', t0), t0 + minute, { runDurationMs: 5 * minute })).toEqual({ kind: 'started', atMs: t0 + 5 * minute, waitedForLock: true });
    expect(claim(h, run('lock_policy: skip', 'a', 'c3', t0), t0 + 6 * minute, { runDurationMs: 5 * minute })).toEqual({ kind: 'held', guardrail: 'locked' });
    const none = new SimulatedHistory();
    expect(claim(none, run('', 'a', 'c1', t0), t0).kind).toBe('started');
    expect(claim(none, run('', 'a', 'c2', t0), t0).kind).toBe('started');
  });

  it('holds by the current controls and by a resolved incident, as admitRun says', () => {
    const h = new SimulatedHistory();
    const entry = { by: 'U1', reason: 'freeze', at: new Date(t0).toISOString() };
    expect(claim(h, run('', 'a', 'c1', t0), t0, { controls: { killSwitch: entry, paused: {} } })).toEqual({ kind: 'held', guardrail: 'kill_switch' });
    expect(claim(h, run('', 'a', 'c1', t0), t0, { controls: { killSwitch: null, paused: { restart: entry } } })).toEqual({ kind: 'held', guardrail: 'paused' });
    expect(claim(h, run('', 'a', 'c1', t0), t0, { incidentStatus: 'resolved' })).toEqual({ kind: 'held', guardrail: 'resolved' });
    expect(claim(h, run('continue_on_resolve: true', 'a', 'c1', t0), t0, { incidentStatus: 'resolved' }).kind).toBe('started');
  });
});
