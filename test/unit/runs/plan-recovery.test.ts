import { planRecovery } from '../../../src/core/runs/plan-recovery';
import type { StepState } from '../../../src/core/runs/run';
import type { PlaybookStep } from '../../../src/core/playbooks/playbook';
import { buildDefinition } from './build-run';

const step = (id: string, compensate: string[] = []): PlaybookStep => ({
  id,
  action: 'http',
  with: {},
  retry: { attempts: 1, backoff: 'fixed', initialMs: 0, maxMs: 0 },
  timeoutMs: 1_000,
  compensate: compensate.map((action, n) => ({ ...step(`${id}_compensate_${n + 1}`), action })),
});
const definition = buildDefinition({ steps: [step('one', ['notify']), step('two', ['http', 'wait']), step('three', ['notify'])], onFailure: [step('page'), step('tell')] });
const state = (id: string, status: StepState['status'], phase: StepState['phase'] = 'main'): StepState => ({ id, phase, action: 'http', status, attempts: 1 });

describe('planRecovery', () => {
  it('plans the compensations of the completed steps, newest first, then on_failure, all pending', () => {
    const steps = [state('one', 'succeeded'), state('two', 'succeeded'), state('three', 'failed')];
    expect(planRecovery({ steps, definition }).map((s) => `${s.id}:${s.phase}:${s.action}:${s.status}:${s.attempts}`)).toEqual([
      'two.compensate.0:compensate:http:pending:0',
      'two.compensate.1:compensate:wait:pending:0',
      'one.compensate.0:compensate:notify:pending:0',
      'on_failure.0:on_failure:http:pending:0',
      'on_failure.1:on_failure:http:pending:0',
    ]);
  });

  it('compensates only steps that succeeded (not skipped ones, not the failed one)', () => {
    const steps = [state('one', 'skipped'), state('two', 'failed'), state('three', 'pending')];
    expect(planRecovery({ steps, definition }).map((s) => s.id)).toEqual(['on_failure.0', 'on_failure.1']);
  });

  it('plans nothing while no main step failed', () => {
    expect(planRecovery({ steps: [state('one', 'succeeded'), state('two', 'running')], definition })).toEqual([]);
  });

  it('never plans twice: nothing once a recovery step exists, even after a restart', () => {
    const steps = [state('one', 'succeeded'), state('two', 'failed'), state('one.compensate.0', 'pending', 'compensate')];
    expect(planRecovery({ steps, definition })).toEqual([]);
  });

  it('plans nothing for a playbook without compensations or on_failure', () => {
    expect(planRecovery({ steps: [state('a', 'succeeded'), state('b', 'failed')], definition: buildDefinition({ steps: [step('a'), step('b')] }) })).toEqual([]);
  });
});
