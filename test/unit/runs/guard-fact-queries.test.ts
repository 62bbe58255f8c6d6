import { guardFactQueries } from '../../../src/core/runs/guard-fact-queries';
import { buildRun, now } from './build-run';

describe('guardFactQueries', () => {
  it('asks for the last hour’s starts and the last start only when the playbook has those limits', () => {
    expect(guardFactQueries(buildRun({}, { limits: { maxRunsPerHour: 5, cooldownMs: 60_000 } }), now)).toEqual({
      startedSince: '2026-03-14T09:00:00.000Z',
      lastStartForCorrelation: true,
    });
    expect(guardFactQueries(buildRun({}, { limits: { cooldownMs: 60_000 } }), now)).toEqual({ startedSince: null, lastStartForCorrelation: true });
    expect(guardFactQueries(buildRun({}, { limits: {} }), now)).toEqual({ startedSince: null, lastStartForCorrelation: false });
  });

  it('asks for neither once the run has started (budget and cooldown apply before the first step only)', () => {
    const started = buildRun({ status: 'running', startedAt: '2026-03-14T09:58:00.000Z' }, { limits: { maxRunsPerHour: 5, cooldownMs: 60_000 } });
    expect(guardFactQueries(started, now)).toEqual({ startedSince: null, lastStartForCorrelation: false });
  });

  it('copes with a run snapshot stored before limits existed', () => {
    const old = buildRun();
    (old.definition as { limits?: unknown }).limits = undefined;
    expect(guardFactQueries(old, now)).toEqual({ startedSince: null, lastStartForCorrelation: false });
  });
});
