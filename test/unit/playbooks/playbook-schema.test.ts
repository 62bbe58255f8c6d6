import { playbookSchema } from '../../../src/playbooks/playbook-schema';

const minimal = { name: 'disk-full', match: ['alertname="DiskFull"'], steps: [{ id: 'notify', action: 'notify' }] };

function messagesOf(input: unknown): string[] {
  const result = playbookSchema.safeParse(input);
  if (result.success) throw new Error('expected the playbook to be rejected');
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('playbookSchema', () => {
  describe('when a playbook states only name, match and steps', () => {
    it('fills the documented defaults, starting in dry-run so a new playbook never acts', () => {
      expect(playbookSchema.parse(minimal)).toEqual({
        name: 'disk-full',
        match: ['alertname="DiskFull"'],
        status: 'firing',
        mode: 'dry-run',
        approvers: [],
        approval: { expiresMs: 30 * 60_000, onExpiry: 'reject' },
        params: {},
        per: 'incident',
        lockPolicy: 'wait',
        limits: {},
        breakerThreshold: 3,
        continueOnResolve: false,
        rerunOnReopen: false,
        steps: [
          {
            id: 'notify',
            action: 'notify',
            with: {},
            retry: { attempts: 1, backoff: 'exponential', initialMs: 1_000, maxMs: 30_000 },
            timeoutMs: 30_000,
            compensate: [],
          },
        ],
        onFailure: [],
      });
    });

    it('gives each parse its own `with` object, so one playbook cannot change another', () => {
      const a = playbookSchema.parse(minimal);
      const b = playbookSchema.parse(minimal);
      expect(a.steps[0]!.with).not.toBe(b.steps[0]!.with);
    });
  });

  describe('when every field is written out', () => {
    it('maps snake_case keys to the Playbook type and durations to milliseconds', () => {
      const playbook = playbookSchema.parse({
        ...minimal,
        source: 'alertmanager',
        status: 'resolved',
        mode: 'auto',
        approval: { expires: '1h', on_expiry: 'escalate' },
        params: { pvc: { from: 'labels.pvc', pattern: '^[a-z]+$', default: 'data' } },
        per: 'alert',
        lock: '{{ labels.instance }}',
        lock_policy: 'skip',
        limits: { maxRunsPerHour: 3, cooldown: '15m' },
        breaker: { consecutive_failures: 5 },
        continue_on_resolve: true,
        steps: [{ id: 'restart', action: 'kubernetes.rollout_restart', retry: { attempts: 3, backoff: 'fixed', initial: '2s', max: '1m' }, timeout: '1m30s' }],
      });
      expect(playbook).toMatchObject({
        approval: { expiresMs: 3_600_000, onExpiry: 'escalate' },
        params: { pvc: { from: 'labels.pvc', pattern: '^[a-z]+$', default: 'data' } },
        lock: '{{ labels.instance }}',
        lockPolicy: 'skip',
        limits: { maxRunsPerHour: 3, cooldownMs: 900_000 },
        breakerThreshold: 5,
        continueOnResolve: true,
        steps: [{ retry: { attempts: 3, backoff: 'fixed', initialMs: 2_000, maxMs: 60_000 }, timeoutMs: 90_000 }],
      });
    });
  });

  describe('approvers', () => {
    it('are required when the mode is approval', () => {
      expect(messagesOf({ ...minimal, mode: 'approval' })).toEqual(['approvers: must name at least one approver because mode is approval']);
    });

    it('are required when a step waits for an approval, even in auto mode', () => {
      const input = { ...minimal, mode: 'auto', steps: [{ id: 'ask', action: 'approval' }, ...minimal.steps] };
      expect(messagesOf(input)).toEqual(['approvers: must name at least one approver because a step uses the approval action']);
    });
  });

  describe('step ids', () => {
    it('must be unique across steps, compensations and on_failure', () => {
      const input = { ...minimal, steps: [{ id: 'a', action: 'x', compensate: [{ id: 'a', action: 'y' }] }] };
      expect(messagesOf(input)).toEqual(['steps.0.compensate.0.id: duplicate step id "a"; step ids must be unique within the playbook']);
    });

    it('default to on_failure_<n> and <step>_compensate_<n> when left out', () => {
      const playbook = playbookSchema.parse({
        ...minimal,
        steps: [{ id: 'scale', action: 'k8s.scale', compensate: [{ action: 'k8s.scale' }] }],
        on_failure: [{ action: 'notify' }, { action: 'pagerduty.escalate' }],
      });
      expect(playbook.steps[0]!.compensate.map((s) => s.id)).toEqual(['scale_compensate_1']);
      expect(playbook.onFailure.map((s) => s.id)).toEqual(['on_failure_1', 'on_failure_2']);
    });
  });

  describe('rejects', () => {
    it.each([
      ['a name that is not kebab-case', { ...minimal, name: 'Disk_Full' }, 'name: must be kebab-case'],
      ['an empty match list', { ...minimal, match: [] }, 'match: must list at least one matcher'],
      ['a matcher without an operator', { ...minimal, match: ['alertname'] }, 'match.0: "alertname" is not a matcher'],
      ['a matcher with a broken regex', { ...minimal, match: ['job=~"("'] }, 'match.0: invalid matcher'],
      ['no steps', { ...minimal, steps: [] }, 'steps: must list at least one step'],
      ['an unknown mode', { ...minimal, mode: 'yolo' }, 'mode: '],
      ['a param from an unknown place', { ...minimal, params: { p: { from: 'label.x', pattern: '^a$' } } }, 'params.p.from: must be labels.<name>'],
      ['an unanchored param pattern', { ...minimal, params: { p: { from: 'labels.x', pattern: '[a-z]+' } } }, 'params.p.pattern: must be anchored'],
      ['a param pattern that does not compile', { ...minimal, params: { p: { from: 'labels.x', pattern: '^(a$' } } }, 'params.p.pattern: is not a valid regular expression'],
      ['a param default its pattern rejects', { ...minimal, params: { p: { from: 'labels.x', pattern: '^[a-z]+$', default: 'A;B' } } }, 'params.p.default: does not match'],
      ['a duration without a unit', { ...minimal, steps: [{ id: 'a', action: 'x', timeout: '60' }] }, 'steps.0.timeout: "60" is not a duration'],
      ['a duration written as a number', { ...minimal, steps: [{ id: 'a', action: 'x', timeout: 60 }] }, 'steps.0.timeout: must be a duration string'],
      ['more than 10 attempts', { ...minimal, steps: [{ id: 'a', action: 'x', retry: { attempts: 11 } }] }, 'steps.0.retry.attempts: must be at most 10'],
      ['a retry max below its initial delay', { ...minimal, steps: [{ id: 'a', action: 'x', retry: { initial: '1m', max: '1s' } }] }, 'steps.0.retry.max: must not be shorter'],
      ['a step id that is not an identifier', { ...minimal, steps: [{ id: 'Restart-Pods', action: 'x' }] }, 'steps.0.id: must start with a lowercase letter'],
      ['a compensate inside a compensate', { ...minimal, steps: [{ id: 'a', action: 'x', compensate: [{ action: 'y', compensate: [] }] }] }, 'steps.0.compensate.0: Unrecognized key: "compensate"'],
      ['an unknown top-level key', { ...minimal, approver: ['U1'] }, ': Unrecognized key: "approver"'],
    ])('%s', (_what, input, message) => {
      expect(messagesOf(input).join('\n')).toContain(message);
    });
  });
});
