import type { Incident } from '../../../src/core/incidents/incident';
import type { Run } from '../../../src/core/runs/run';
import { renderIncidentList } from '../../../src/http/ui/render-incident-list';
import { renderStepAxis } from '../../../src/http/ui/render-step-axis';

const incident: Incident = {
  id: 'inc_1',
  correlationId: 'group-1',
  status: 'open',
  title: 'Disk full',
  openedAt: '2026-12-05T10:00:00.000Z',
  resolvedAt: null,
  lastSeenAt: '2026-12-05T10:05:00.000Z',
  deliveryCount: 9,
  alertCount: 2,
  firingCount: 1,
  stateChanges: 5,
  reopenCount: 2,
  flapping: true,
  sources: ['alertmanager'],
  alertmanager: null,
};

describe('console views', () => {
  it('marks a flapping incident, and shows no Alertmanager badge when nothing is known', () => {
    const markup = renderIncidentList({ items: [incident] }, undefined).value;
    expect(markup).toContain('<span class="badge b-flapping">flapping</span>');
    expect(markup).not.toContain('Alertmanager');
    expect(renderIncidentList({ items: [{ ...incident, flapping: false }] }, undefined).value).not.toContain('b-flapping');
  });

  it('draws each step as a bar on one time axis: retries, failure, compensation, waiting', () => {
    const t = (s: number) => new Date(Date.parse('2026-12-05T10:00:00.000Z') + s * 1000).toISOString();
    const run = {
      id: 'run_1',
      status: 'compensated',
      createdAt: t(0),
      startedAt: t(1),
      finishedAt: t(10),
      approval: null,
      steps: [
        { id: 'call', phase: 'main', action: 'http', status: 'succeeded', attempts: 3, startedAt: t(1), finishedAt: t(4) },
        { id: 'break', phase: 'main', action: 'http', status: 'failed', attempts: 1, startedAt: t(4), finishedAt: t(6), error: 'answered 400' },
        { id: 'call.compensate.0', phase: 'compensate', action: 'http', status: 'succeeded', attempts: 1, startedAt: t(6), finishedAt: t(10) },
        { id: 'never', phase: 'main', action: 'http', status: 'pending', attempts: 0 },
      ],
    } as unknown as Run;
    const markup = renderStepAxis(run, t(20)).value;
    expect(markup).toContain('<tr class="p-main" data-step="call" data-status="succeeded">');
    expect(markup).toContain('3 attempts (retried)');
    // 10 s axis, 1000 units wide: the failed step spans 4 s → 6 s.
    expect(markup).toMatch(/<rect class="s-failed" x="400" y="2" height="12" width="200">/);
    expect(markup).toContain('<tr class="p-compensate" data-step="call.compensate.0" data-status="succeeded">');
    expect(markup).toMatch(/data-step="never" data-status="pending">[\s\S]*?<g class="p-main"><\/g>/);

    const waiting = { ...run, status: 'waiting_approval', finishedAt: null, approval: { approvers: ['otto'], requestedAt: t(2), expiresAt: t(3600) }, steps: [{ id: 'approval', phase: 'main', action: 'approval', status: 'pending', attempts: 0 }] } as unknown as Run;
    expect(renderStepAxis(waiting, t(12)).value).toMatch(/data-status="waiting_approval">[\s\S]*?<rect class="s-waiting" x="167"/);
  });
});
