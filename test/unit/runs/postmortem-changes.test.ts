import { claimPostmortemChange } from '../../../src/core/postmortems/claim-postmortem-change';
import { savePostmortemChange } from '../../../src/core/postmortems/save-postmortem-change';
import { schedulePostmortemChange } from '../../../src/core/postmortems/schedule-postmortem-change';
import { now } from './build-run';

/** The postmortem record's transitions (its rules live beside the run's: a finished run schedules one). */
describe('schedulePostmortemChange', () => {
  it('makes the record pending at the due time with fresh attempts, and never touches the ticket of an existing one', () => {
    const change = schedulePostmortemChange('incident resolved', '2026-03-14T10:10:00.000Z', now);
    expect(change.set).toEqual({ state: 'pending', reason: 'incident resolved', dueAt: '2026-03-14T10:10:00.000Z', attempts: 0, updatedAt: now });
    expect(change.set).not.toHaveProperty('ticket');
    expect(change.set).not.toHaveProperty('filedAt');
  });

  it('starts a new record with no error, ticket, filing or lease', () => {
    expect(schedulePostmortemChange('r', now, now).onCreate).toEqual({ lastError: null, ticket: null, filedAt: null, leaseOwner: null, leaseExpiresAt: null });
  });
});

describe('claimPostmortemChange', () => {
  it('leases the record to the claimer for leaseMs', () => {
    expect(claimPostmortemChange({ owner: 'proc-a', now, leaseMs: 120_000 })).toEqual({ leaseOwner: 'proc-a', leaseExpiresAt: '2026-03-14T10:02:00.000Z' });
  });
});

describe('savePostmortemChange', () => {
  const ticket = { tracker: 'github' as const, id: '42', url: 'https://github.example/issues/42' };

  it('records a filing with its ticket and time, and releases the lease', () => {
    expect(savePostmortemChange({ now, state: 'filed', ticket, lastError: null, filed: true })).toEqual({
      state: 'filed', updatedAt: now, leaseOwner: null, leaseExpiresAt: null, ticket, lastError: null, filedAt: now,
    });
  });

  it('records a failed attempt to retry later, leaving unnamed fields alone', () => {
    expect(savePostmortemChange({ now, state: 'pending', dueAt: '2026-03-14T10:05:00.000Z', attempts: 2, lastError: 'HTTP 502' })).toEqual({
      state: 'pending', updatedAt: now, leaseOwner: null, leaseExpiresAt: null, dueAt: '2026-03-14T10:05:00.000Z', attempts: 2, lastError: 'HTTP 502',
    });
  });
});
