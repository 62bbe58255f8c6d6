import type { Decision } from '../../../src/core/incidents/decision';
import { createRunPlanner } from '../../../src/runs/create-run-planner';
import { buildAlert } from '../../helpers/build-delivery';
import { playbookFromYaml } from '../../helpers/start-engine';

const playbook = playbookFromYaml(`
name: pb
mode: auto
match: ['alertname="DiskFull"']
params:
  ns: { from: labels.namespace, pattern: "^[a-z]+$" }
lock: "{{ params.ns }}"
steps: [{ id: s, action: wait, with: { duration: 0s } }]
`);
const decision: Decision = { kind: 'new_incident', reason: 'x', incidentId: 'inc_1' };
const input = (labels: Record<string, string>) => ({ alert: buildAlert({ labels }), decision, incidentId: 'inc_1', commonLabels: () => labels });

describe('createRunPlanner', () => {
  it('seeds a run for a matching playbook with params and lock resolved', () => {
    const plan = createRunPlanner({ playbooks: () => [playbook] })(input({ alertname: 'DiskFull', namespace: 'prod' }));
    expect(plan.seeds).toEqual([expect.objectContaining({ playbook: 'pb', status: 'pending', lockKey: 'pb:prod', context: expect.objectContaining({ params: { ns: 'prod' } }) })]);
    expect(plan.trace).toEqual([{ playbook: 'pb', matched: true, reason: 'all conditions hold' }]);
  });

  it('traces the first failing matcher of a playbook that does not match', () => {
    const plan = createRunPlanner({ playbooks: () => [playbook] })(input({ alertname: 'Other', namespace: 'prod' }));
    expect(plan.seeds).toEqual([]);
    expect(plan.trace[0]!.reason).toMatch(/alertname="DiskFull"/);
  });

  it('creates nothing for a silenced alert, and says who silenced it', () => {
    const silences = () => [{ id: 's', matchers: ['namespace="prod"'], createdBy: 'U1', reason: 'maintenance', startsAt: '', endsAt: '2026-03-14T11:00:00Z' }];
    const plan = createRunPlanner({ playbooks: () => [playbook], silences })(input({ alertname: 'DiskFull', namespace: 'prod' }));
    expect(plan.seeds).toEqual([]);
    expect(plan.trace[0]!.reason).toMatch(/^silenced by U1 until 2026-03-14T11:00:00Z/);
  });
});
