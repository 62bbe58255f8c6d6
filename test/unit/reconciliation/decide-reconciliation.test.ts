import fc from 'fast-check';
import type { ActiveAlert, AlertList } from '../../../src/core/alertmanager/alertmanager-api';
import type { AlertmanagerState } from '../../../src/core/alertmanager/alertmanager-state';
import { decideReconciliation, type ReconciliationInput } from '../../../src/core/alertmanager/decide-reconciliation';
import type { ReconciledIncident } from '../../../src/core/alertmanager/reconciled-incident';

const NOW = '2026-03-14T10:00:00.000Z';
const GRACE = 5 * 60_000;
const before = (ms: number) => new Date(Date.parse(NOW) - ms).toISOString();

const amAlert = (fingerprint: string, labels: Record<string, string> = { alertname: 'DiskFull', namespace: 'prod' }, status: 'firing' | 'resolved' = 'firing') =>
  ({ source: 'alertmanager' as const, fingerprint, status, labels });
const incident = (id: string, alerts: ReconciledIncident['alerts'], alertmanager: AlertmanagerState | null = null): ReconciledIncident => ({ id, alerts, alertmanager });
const reported = (fingerprint: string, over: Partial<ActiveAlert> = {}): ActiveAlert => ({
  fingerprint,
  labels: { alertname: 'DiskFull', namespace: 'prod' },
  state: 'active',
  startsAt: before(60 * 60_000),
  endsAt: '2026-03-18T10:00:00.000Z',
  reportedBy: ['http://am-1:9093'],
  ...over,
});
const list = (alerts: ActiveAlert[], unanswered: AlertList['unanswered'] = []): AlertList => ({ alerts, unanswered });
const active = (checkedAt: string): AlertmanagerState => ({ active: true, checkedAt, missingSince: null });
const missing = (since: string, checkedAt = since): AlertmanagerState => ({ active: false, checkedAt, missingSince: since });

const decide = (over: Partial<ReconciliationInput> & Pick<ReconciliationInput, 'incidents' | 'reported'>) =>
  decideReconciliation({ now: NOW, graceMs: GRACE, refreshMs: 10 * 60_000, alreadyNoted: new Set(), ...over });

describe('decideReconciliation: incident states', () => {
  it('records the first check of a reported incident as active, without a timeline note', () => {
    const d = decide({ incidents: [incident('inc_1', [amAlert('fp1')])], reported: list([reported('fp1')]) });
    expect(d.writes).toEqual([{ incidentId: 'inc_1', state: active(NOW), change: 'first_check' }]);
    expect(d.resolve).toEqual([]);
  });

  it('writes nothing while an active incident stays active and its state is recent', () => {
    const d = decide({ incidents: [incident('inc_1', [amAlert('fp1')], active(before(60_000)))], reported: list([reported('fp1')]) });
    expect(d.writes).toEqual([]);
  });

  it('refreshes checkedAt once the unchanged state is older than refreshMs, with no note', () => {
    const d = decide({ incidents: [incident('inc_1', [amAlert('fp1')], active(before(11 * 60_000)))], reported: list([reported('fp1')]) });
    expect(d.writes).toEqual([{ incidentId: 'inc_1', state: active(NOW), change: 'refresh' }]);
    const gone = decide({ incidents: [incident('inc_1', [amAlert('fp1')], missing(before(60_000), before(11 * 60_000)))], reported: list([]), graceMs: 60 * 60_000 });
    expect(gone.writes).toEqual([{ incidentId: 'inc_1', state: missing(before(60_000), NOW), change: 'refresh' }]);
  });

  it('marks an incident none of whose alerts is reported as missing since now, with a note naming when it resolves', () => {
    const d = decide({ incidents: [incident('inc_1', [amAlert('fp1'), amAlert('fp2')], active(before(60_000)))], reported: list([reported('other', { labels: { alertname: 'Unrelated' } })]) });
    expect(d.writes).toEqual([
      {
        incidentId: 'inc_1',
        state: missing(NOW),
        change: 'went_missing',
        note: {
          at: NOW,
          message: `Alertmanager no longer reports the incident's alerts (checked ${NOW})`,
          data: { fingerprints: ['fp1', 'fp2'], missingSince: NOW, resolvesAfter: '2026-03-14T10:05:00.000Z' },
        },
      },
    ]);
    expect(d.resolve).toEqual([]);
  });

  it('is active while any one of its alerts is reported, by any peer, in any firing state', () => {
    for (const state of ['active', 'suppressed', 'unprocessed'] as const) {
      const d = decide({ incidents: [incident('inc_1', [amAlert('fp1'), amAlert('fp2')], missing(before(60_000)))], reported: list([reported('fp2', { state })]) });
      expect(d.writes).toEqual([
        { incidentId: 'inc_1', state: active(NOW), change: 'active_again', note: { at: NOW, message: 'Alertmanager reports the alerts active again', data: { fingerprints: ['fp1', 'fp2'], checkedAt: NOW } } },
      ]);
    }
  });

  it('counts an alert mendbot holds as resolved: Alertmanager still having it keeps the incident active, and it was missed', () => {
    const d = decide({ incidents: [incident('inc_1', [amAlert('fp1'), amAlert('fp2', undefined, 'resolved')], active(before(60_000)))], reported: list([reported('fp2')]) });
    // No state change (still active); the firing notification of fp2's new occurrence never arrived.
    expect(d.writes.map((w) => [w.change, w.state])).toEqual([['missed_alert', active(before(60_000))]]);
    expect(d.newlyMissed.map((m) => m.key)).toEqual(['fp2|inc_1']);
    expect(d.resolve).toEqual([]);
  });

  it('ignores incidents with no firing Alertmanager alert (PagerDuty ones)', () => {
    const pd = incident('inc_pd', [{ source: 'pagerduty', fingerprint: 'PABC', status: 'firing', labels: {} }]);
    expect(decide({ incidents: [pd], reported: list([]) })).toEqual({ writes: [], resolve: [], newlyMissed: [], missedKeys: [] });
  });
});

describe('decideReconciliation: resolving', () => {
  it('resolves an incident missing for at least the grace period once every peer answered', () => {
    const d = decide({ incidents: [incident('inc_1', [amAlert('fp1')], missing(before(GRACE)))], reported: list([]) });
    expect(d.resolve).toEqual([{ incidentId: 'inc_1', missingSince: before(GRACE) }]);
    expect(d.writes).toEqual([]);
  });

  it('does not resolve before the grace period is over', () => {
    const d = decide({ incidents: [incident('inc_1', [amAlert('fp1')], missing(before(GRACE - 1)))], reported: list([]) });
    expect(d.resolve).toEqual([]);
  });

  it('with a grace of 0 resolves as soon as the alerts are missing', () => {
    const d = decide({ incidents: [incident('inc_1', [amAlert('fp1')], active(before(60_000)))], reported: list([]), graceMs: 0 });
    expect(d.writes.map((w) => w.change)).toEqual(['went_missing']);
    expect(d.resolve).toEqual([{ incidentId: 'inc_1', missingSince: NOW }]);
  });

  it('does not resolve, nor call anything missing, when a peer did not answer', () => {
    const unanswered = [{ url: 'http://am-2:9093', error: 'timeout' }];
    const d = decide({
      incidents: [incident('inc_1', [amAlert('fp1')], missing(before(GRACE * 10))), incident('inc_2', [amAlert('fp2')], active(before(60_000))), incident('inc_3', [amAlert('fp3')])],
      reported: list([], unanswered),
    });
    expect(d).toEqual({ writes: [], resolve: [], newlyMissed: [], missedKeys: [] });
  });

  it('still turns incidents active on a partial answer (any peer reporting an alert is enough)', () => {
    const d = decide({ incidents: [incident('inc_1', [amAlert('fp1')], missing(before(GRACE * 10)))], reported: list([reported('fp1')], [{ url: 'http://am-2:9093', error: 'timeout' }]) });
    expect(d.writes.map((w) => w.change)).toEqual(['active_again']);
    expect(d.resolve).toEqual([]);
  });

  it('leaves an incident with a firing PagerDuty alert open even when its Alertmanager alerts are gone', () => {
    const mixed = incident('inc_1', [amAlert('fp1'), { source: 'pagerduty', fingerprint: 'PABC', status: 'firing', labels: {} }], missing(before(GRACE * 2)));
    expect(decide({ incidents: [mixed], reported: list([]) }).resolve).toEqual([]);
  });
});

describe('decideReconciliation: properties', () => {
  const fingerprints = fc.constantFrom('fp1', 'fp2', 'fp3', 'fp4');
  const state = fc.option(
    fc.record({ active: fc.boolean(), ageMs: fc.integer({ min: 0, max: 3 * GRACE }), sinceMs: fc.integer({ min: 0, max: 3 * GRACE }) }).map(
      (s): AlertmanagerState => (s.active ? active(before(s.ageMs)) : missing(before(Math.max(s.ageMs, s.sinceMs)), before(s.ageMs))),
    ),
    { nil: null },
  );
  const incidents = fc.uniqueArray(
    fc.record({
      id: fc.constantFrom('inc_a', 'inc_b', 'inc_c', 'inc_d'),
      alerts: fc.array(fc.record({ fingerprint: fingerprints, status: fc.constantFrom('firing' as const, 'resolved' as const) }), { minLength: 1, maxLength: 3 }),
      alertmanager: state,
    }),
    { selector: (i) => i.id, maxLength: 4 },
  ).map((list) => list.map((i) => incident(i.id, i.alerts.map((a) => amAlert(a.fingerprint, undefined, a.status)), i.alertmanager)));
  const alertList = fc.record({
    alerts: fc.uniqueArray(fingerprints, { maxLength: 4 }).map((fps) => fps.map((f) => reported(f))),
    unanswered: fc.array(fc.constant({ url: 'http://am-2:9093', error: 'timeout' }), { maxLength: 1 }),
  });
  const graceMs = fc.integer({ min: 0, max: 2 * GRACE });

  it('never resolves when any peer did not answer', () => {
    fc.assert(
      fc.property(incidents, alertList, graceMs, (inc, rep, grace) => {
        const d = decide({ incidents: inc, reported: { ...rep, unanswered: [{ url: 'http://am-2:9093', error: 'timeout' }] }, graceMs: grace });
        expect(d.resolve).toEqual([]);
        expect(d.writes.filter((w) => !w.state.active)).toEqual([]);
      }),
    );
  });

  it('never resolves an incident whose alerts are reported, nor one missing for less than the grace period', () => {
    fc.assert(
      fc.property(incidents, alertList, graceMs, (inc, rep, grace) => {
        const d = decide({ incidents: inc, reported: rep, graceMs: grace });
        const reportedFps = new Set(rep.alerts.map((a) => a.fingerprint));
        for (const r of d.resolve) {
          const i = inc.find((x) => x.id === r.incidentId)!;
          expect(i.alerts.some((a) => reportedFps.has(a.fingerprint))).toBe(false);
          expect(Date.parse(NOW) - Date.parse(r.missingSince)).toBeGreaterThanOrEqual(grace);
          // Missing since an earlier round, or (grace 0) since this one: never an older time than recorded.
          expect(r.missingSince).toBe(i.alertmanager && !i.alertmanager.active ? i.alertmanager.missingSince : NOW);
        }
      }),
    );
  });

  it('writes a state only when it changed, or to refresh an old one, and never calls a known firing fingerprint missed', () => {
    fc.assert(
      fc.property(incidents, alertList, (inc, rep) => {
        const d = decide({ incidents: inc, reported: rep });
        for (const w of d.writes.filter((x) => x.change !== 'missed_alert')) {
          const prev = inc.find((x) => x.id === w.incidentId)!.alertmanager ?? null;
          if (w.change === 'refresh') expect({ ...w.state, checkedAt: prev?.checkedAt }).toEqual(prev);
          else expect(w.state.active).not.toBe(prev?.active);
        }
        const firing = new Set(inc.flatMap((i) => i.alerts.filter((a) => a.status === 'firing').map((a) => a.fingerprint)));
        for (const m of d.newlyMissed) expect(firing.has(m.fingerprint)).toBe(false);
      }),
    );
  });
});
