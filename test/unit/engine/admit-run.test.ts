import { admitRun } from '../../../src/engine/admit-run';
import type { Run } from '../../../src/core/runs/run';
import type { RunGuardFacts } from '../../../src/store/store';
import { playbookFromYaml } from '../../helpers/start-engine';

const now = '2026-03-14T10:00:00.000Z';
const definition = playbookFromYaml(`
name: pb
mode: auto
match: ['alertname="A"']
lock: "{{ labels.alertname }}"
limits: { maxRunsPerHour: 2, cooldown: 10m }
steps: [{ id: s, action: wait, with: { duration: 0s } }]
`).playbook;
const run = (over: Partial<Run> = {}): Run =>
  ({ id: 'run_1', playbook: 'pb', correlationId: 'c', startedAt: null, lockKey: 'pb:A', definition, ...over }) as Run;
const facts = (over: Partial<RunGuardFacts> = {}): RunGuardFacts => ({
  controls: { killSwitch: null, paused: {} },
  startedLastHour: 0,
  lastStartForCorrelation: null,
  lockHolder: null,
  incidentStatus: 'open',
  ...over,
});

describe('admitRun', () => {
  it('admits a run when no guardrail applies', () => {
    expect(admitRun(run(), facts(), now)).toEqual({ kind: 'admit' });
  });

  it('holds every run, started or not, while the kill switch is on', () => {
    const f = facts({ controls: { killSwitch: { by: 'U1', reason: 'x', at: now }, paused: {} } });
    expect(admitRun(run(), f, now)).toMatchObject({ kind: 'defer', guardrail: 'kill_switch' });
    expect(admitRun(run({ startedAt: now }), f, now)).toMatchObject({ kind: 'defer', guardrail: 'kill_switch' });
  });

  it('holds a paused playbook', () => {
    expect(admitRun(run(), facts({ controls: { killSwitch: null, paused: { pb: { by: 'U1', reason: 'x', at: now } } } }), now)).toMatchObject({ kind: 'defer', guardrail: 'paused' });
  });

  it('cancels a new run over budget, but never a run that already started', () => {
    expect(admitRun(run(), facts({ startedLastHour: 2 }), now)).toMatchObject({ kind: 'cancel', guardrail: 'budget' });
    expect(admitRun(run({ startedAt: now }), facts({ startedLastHour: 5 }), now)).toEqual({ kind: 'admit' });
  });

  it('cancels a new run within the cooldown of the last one for its correlation ID', () => {
    expect(admitRun(run(), facts({ lastStartForCorrelation: '2026-03-14T09:55:00.000Z' }), now)).toMatchObject({ kind: 'cancel', guardrail: 'cooldown' });
    expect(admitRun(run(), facts({ lastStartForCorrelation: '2026-03-14T09:45:00.000Z' }), now)).toEqual({ kind: 'admit' });
  });

  it('waits for a held lock, or skips with lock_policy skip', () => {
    expect(admitRun(run(), facts({ lockHolder: 'run_0' }), now)).toMatchObject({ kind: 'defer', guardrail: 'locked' });
    const skip = { ...definition, lockPolicy: 'skip' as const };
    expect(admitRun(run({ definition: skip }), facts({ lockHolder: 'run_0' }), now)).toMatchObject({ kind: 'cancel', guardrail: 'locked' });
  });

  it('takes over a run whose owner let its lease expire whatever the switches say: the executor stops it before its next step', () => {
    const switches = { killSwitch: { by: 'U1', reason: 'x', at: now }, paused: { pb: { by: 'mendbot', reason: 'breaker', at: now } } };
    expect(admitRun(run({ status: 'running', startedAt: now }), facts({ controls: switches }), now)).toEqual({ kind: 'admit' });
    expect(admitRun(run({ status: 'pending', startedAt: now }), facts({ controls: switches }), now)).toMatchObject({ kind: 'defer', guardrail: 'kill_switch' });
  });

  it('cancels a run whose incident resolved before it started', () => {
    expect(admitRun(run(), facts({ incidentStatus: 'resolved' }), now)).toMatchObject({ kind: 'cancel', guardrail: 'resolved' });
  });
});
