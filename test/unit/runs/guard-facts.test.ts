import { guardFacts, type GuardReads } from '../../../src/core/runs/guard-facts';
import { buildRun } from './build-run';

const reads = (r: Partial<GuardReads> = {}): GuardReads => ({
  controls: { killSwitch: null, paused: {} },
  startedLastHour: 2,
  lastStartForCorrelation: '2026-03-14T09:30:00.000Z',
  lockHolder: null,
  incidentStatus: 'open',
  ...r,
});

describe('guardFacts', () => {
  const run = buildRun({ id: 'run_1', lockKey: 'restart-pod:web-1' });

  it('passes the reads through', () => {
    expect(guardFacts(run, reads())).toEqual({
      controls: { killSwitch: null, paused: {} },
      startedLastHour: 2,
      lastStartForCorrelation: '2026-03-14T09:30:00.000Z',
      lockHolder: null,
      incidentStatus: 'open',
    });
  });

  it('names another run holding the lock, but never the run itself (a takeover or a resumed run keeps its lock)', () => {
    expect(guardFacts(run, reads({ lockHolder: 'run_0' })).lockHolder).toBe('run_0');
    expect(guardFacts(run, reads({ lockHolder: 'run_1' })).lockHolder).toBeNull();
    expect(guardFacts(run, reads({ lockHolder: undefined })).lockHolder).toBeNull();
  });

  it('reads a missing last start as none and a missing incident as resolved', () => {
    expect(guardFacts(run, reads({ lastStartForCorrelation: undefined, incidentStatus: undefined }))).toMatchObject({ lastStartForCorrelation: null, incidentStatus: 'resolved' });
    expect(guardFacts(run, reads({ incidentStatus: null })).incidentStatus).toBe('resolved');
  });
});
