import type { ActiveAlert } from '../../../src/core/alertmanager/alertmanager-api';
import { decideReconciliation } from '../../../src/core/alertmanager/decide-reconciliation';
import { findMissedAlerts } from '../../../src/core/alertmanager/find-missed-alerts';
import { groupLabelsOf } from '../../../src/core/alertmanager/group-labels-of';
import type { ReconciledIncident } from '../../../src/core/alertmanager/reconciled-incident';

const NOW = '2026-03-14T10:00:00.000Z';
const GRACE = 5 * 60_000;
const before = (ms: number) => new Date(Date.parse(NOW) - ms).toISOString();
const amAlert = (fingerprint: string, labels: Record<string, string>, status: 'firing' | 'resolved' = 'firing') => ({ source: 'alertmanager' as const, fingerprint, status, labels });
const reported = (fingerprint: string, labels: Record<string, string>, over: Partial<ActiveAlert> = {}): ActiveAlert => ({
  fingerprint,
  labels,
  state: 'active',
  startsAt: before(60 * 60_000),
  endsAt: '2026-03-18T10:00:00.000Z',
  reportedBy: ['http://am-1:9093'],
  ...over,
});
const checkout = { alertname: 'HighErrorRate', namespace: 'prod', service: 'checkout' };
const incidents: ReconciledIncident[] = [
  { id: 'inc_01', alertmanager: null, alerts: [amAlert('fp-a', { ...checkout, pod: 'a' }), amAlert('fp-b', { ...checkout, pod: 'b' })] },
  { id: 'inc_02', alertmanager: null, alerts: [amAlert('fp-c', { alertname: 'DiskFull', namespace: 'prod', disk: 'sda' })] },
  { id: 'inc_03', alertmanager: null, alerts: [amAlert('fp-old', { alertname: 'Gone', namespace: 'prod' }, 'resolved'), amAlert('fp-d', { alertname: 'Gone', namespace: 'prod', x: '1' })] },
];
const find = (alerts: ActiveAlert[]) => findMissedAlerts({ incidents, reported: alerts, now: NOW, graceMs: GRACE });

describe('findMissedAlerts', () => {
  it('finds an active alert no open incident holds as firing, matched to the incident whose common labels it carries', () => {
    const lost = reported('fp-e', { ...checkout, pod: 'e' });
    expect(find([lost, reported('fp-a', { ...checkout, pod: 'a' })])).toEqual([
      { key: 'fp-e|inc_01', fingerprint: 'fp-e', alertname: 'HighErrorRate', labels: lost.labels, startsAt: lost.startsAt, reportedBy: lost.reportedBy, incidentId: 'inc_01' },
    ]);
  });

  it('matches by fingerprint first: a new occurrence of an alert an incident stored as resolved', () => {
    expect(find([reported('fp-old', { alertname: 'Gone', namespace: 'prod' })]).map((m) => m.incidentId)).toEqual(['inc_03']);
  });

  it('belongs to no incident when no incident matches; an incident with no common labels matches nothing', () => {
    const loose: ReconciledIncident = { id: 'inc_09', alertmanager: null, alerts: [amAlert('fp-x', { a: '1' }), amAlert('fp-y', { b: '2' })] };
    const missed = findMissedAlerts({ incidents: [...incidents, loose], reported: [reported('fp-z', { alertname: 'Unrelated' })], now: NOW, graceMs: GRACE });
    expect(missed.map((m) => [m.key, m.incidentId])).toEqual([['fp-z|-', null]]);
  });

  it('prefers the most specific match, then the newest incident', () => {
    const broad: ReconciledIncident = { id: 'inc_10', alertmanager: null, alerts: [amAlert('fp-p', { namespace: 'prod', team: 'x' }), amAlert('fp-q', { namespace: 'prod', team: 'y' })] };
    const twin: ReconciledIncident = { id: 'inc_11', alertmanager: null, alerts: [amAlert('fp-r', { alertname: 'DiskFull', namespace: 'prod', disk: 'sda' })] };
    const missed = findMissedAlerts({ incidents: [...incidents, broad, twin], reported: [reported('fp-n', { alertname: 'DiskFull', namespace: 'prod', disk: 'sda', team: 'z' })], now: NOW, graceMs: GRACE });
    expect(missed.map((m) => m.incidentId)).toEqual(['inc_11']);
  });

  it("matches a single-alert incident by its group key's labels (its common labels would be the whole label set)", () => {
    const single: ReconciledIncident = { id: 'inc_20', correlationId: '{}/{team="payments"}:{alertname="Latency", namespace="prod"}', alertmanager: null, alerts: [amAlert('fp-l1', { alertname: 'Latency', namespace: 'prod', pod: 'p1' })] };
    const custom: ReconciledIncident = { ...single, id: 'inc_21', correlationId: 'latency-prod' };
    const lost = reported('fp-l2', { alertname: 'Latency', namespace: 'prod', pod: 'p2' });
    expect(findMissedAlerts({ incidents: [single], reported: [lost], now: NOW, graceMs: GRACE }).map((m) => m.incidentId)).toEqual(['inc_20']);
    expect(findMissedAlerts({ incidents: [custom], reported: [lost], now: NOW, graceMs: GRACE }).map((m) => m.incidentId)).toEqual([null]);
  });

  it('skips alerts Alertmanager would not have notified (suppressed, unprocessed) and those younger than the grace period', () => {
    expect(
      find([
        reported('fp-s', checkout, { state: 'suppressed' }),
        reported('fp-u', checkout, { state: 'unprocessed' }),
        reported('fp-young', checkout, { startsAt: before(GRACE - 1) }),
      ]),
    ).toEqual([]);
    expect(find([reported('fp-due', checkout, { startsAt: before(GRACE) })]).map((m) => m.fingerprint)).toEqual(['fp-due']);
  });
});

describe('decideReconciliation: missed alerts', () => {
  const lost = reported('fp-e', { ...checkout, pod: 'e' });
  const decide = (alreadyNoted: Set<string>) =>
    decideReconciliation({ incidents, reported: { alerts: [lost, reported('fp-c', incidents[1]!.alerts[0]!.labels)], unanswered: [] }, now: NOW, graceMs: GRACE, refreshMs: 600_000, alreadyNoted });

  it('notes a missed alert on its incident, keeps that incident active, and reports it as new once', () => {
    const first = decide(new Set());
    expect(first.newlyMissed.map((m) => m.key)).toEqual(['fp-e|inc_01']);
    expect(first.missedKeys).toEqual(['fp-e|inc_01']);
    // inc_01's own alerts are gone, but an alert that belongs to it is active: not missing.
    expect(first.writes.filter((w) => w.incidentId === 'inc_01')).toEqual([
      { incidentId: 'inc_01', state: { active: true, checkedAt: NOW, missingSince: null }, change: 'first_check' },
      {
        incidentId: 'inc_01',
        state: { active: true, checkedAt: NOW, missingSince: null },
        change: 'missed_alert',
        note: {
          at: NOW,
          message: 'Alertmanager reports HighErrorRate (fp-e) active, but mendbot never received it: a webhook was lost',
          data: { fingerprint: 'fp-e', labels: lost.labels, startsAt: lost.startsAt, reportedBy: lost.reportedBy },
        },
      },
    ]);

    const again = decide(new Set(first.missedKeys));
    expect(again.newlyMissed).toEqual([]);
    expect(again.writes.filter((w) => w.change === 'missed_alert')).toEqual([]);
    expect(again.missedKeys).toEqual(['fp-e|inc_01']);
  });
});

describe('groupLabelsOf', () => {
  it.each([
    ['{}/{team="payments"}:{cluster="prod-eu-1", namespace="prod"}', { cluster: 'prod-eu-1', namespace: 'prod' }],
    ['{}:{alertname="DiskFull"}', { alertname: 'DiskFull' }],
    ['{}:{msg="a \\"quoted\\" :{value}"}', { msg: 'a "quoted" :{value}' }],
    ['{}:{}', undefined],
    ['checkout-prod', undefined],
    ['pagerduty:PABC123', undefined],
  ])('%s → %p', (key, labels) => {
    expect(groupLabelsOf(key)).toEqual(labels);
  });
});
