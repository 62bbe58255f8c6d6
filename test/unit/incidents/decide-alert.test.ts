import { decideAlert, type AlertSituation } from '../../../src/core/incidents/decide-alert';
import { defaultLifecyclePolicy as policy } from '../../../src/core/incidents/lifecycle-policy';

const now = '2026-03-14T10:00:00.000Z';
const situation = (s: Partial<AlertSituation>): AlertSituation => ({ incident: null, existing: null, status: 'firing', now, ...s });

describe('decideAlert', () => {
  it('opens a new incident when none exists', () => {
    expect(decideAlert(situation({}), policy)).toEqual({ kind: 'new_incident' });
  });

  it('attaches a new alert to the open incident', () => {
    expect(decideAlert(situation({ incident: { status: 'open', resolvedAt: null } }), policy)).toEqual({ kind: 'attach', reopen: false });
  });

  it('calls the same status for a known alert a duplicate', () => {
    const s = situation({ incident: { status: 'open', resolvedAt: null }, existing: { status: 'firing' } });
    expect(decideAlert(s, policy)).toEqual({ kind: 'duplicate' });
  });

  it('reopens within the window and opens anew after it', () => {
    const recent = situation({ incident: { status: 'resolved', resolvedAt: '2026-03-14T09:57:00.000Z' } });
    const old = situation({ incident: { status: 'resolved', resolvedAt: '2026-03-14T09:00:00.000Z' } });
    expect(decideAlert(recent, policy)).toEqual({ kind: 'attach', reopen: true });
    expect(decideAlert(old, policy)).toEqual({ kind: 'new_incident' });
  });

  it('never reopens with a zero window', () => {
    const s = situation({ incident: { status: 'resolved', resolvedAt: now }, existing: { status: 'resolved' } });
    expect(decideAlert(s, { ...policy, reopenWindowMs: 0 })).toEqual({ kind: 'new_incident' });
  });

  it('ignores a resolved alert without an incident, and activity for an unknown alert', () => {
    expect(decideAlert(situation({ status: 'resolved' }), policy).kind).toBe('ignore');
    expect(decideAlert(situation({ status: null }), policy).kind).toBe('ignore');
  });
});
