import { buildPruneRequest } from '../../../src/core/retention/prune-request';
import { selectPrunableIncidents, type IncidentRetentionFacts } from '../../../src/core/retention/select-prunable-incidents';

const facts = (overrides: Partial<IncidentRetentionFacts>): IncidentRetentionFacts => ({
  id: 'inc_1',
  status: 'resolved',
  resolvedAt: '2026-01-01T00:00:00.000Z',
  runStatuses: [],
  postmortemState: null,
  ...overrides,
});
const cutoff = '2026-02-01T00:00:00.000Z';

describe('selectPrunableIncidents (the incident retention rule)', () => {
  it('lets a resolved incident go once resolved before the cutoff, with final runs and a filed (or no) postmortem', () => {
    expect(selectPrunableIncidents([facts({ runStatuses: ['succeeded', 'cancelled', 'needs_attention'], postmortemState: 'filed' })], cutoff)).toEqual(['inc_1']);
    expect(selectPrunableIncidents([facts({})], cutoff)).toEqual(['inc_1']);
  });

  it.each([
    ['open', { status: 'open' as const, resolvedAt: null }],
    ['resolved after the cutoff', { resolvedAt: '2026-02-01T00:00:00.001Z' }],
    ['resolved exactly at the cutoff', { resolvedAt: cutoff }],
    ['a run still pending', { runStatuses: ['succeeded', 'pending'] as IncidentRetentionFacts['runStatuses'] }],
    ['a run waiting for approval', { runStatuses: ['waiting_approval'] as IncidentRetentionFacts['runStatuses'] }],
    ['a run running', { runStatuses: ['running'] as IncidentRetentionFacts['runStatuses'] }],
    ['a postmortem pending', { postmortemState: 'pending' as const }],
    ['a postmortem deferred', { postmortemState: 'deferred' as const }],
  ])('keeps an incident that is %s', (_what, overrides) => {
    expect(selectPrunableIncidents([facts(overrides)], cutoff)).toEqual([]);
  });
});

describe('buildPruneRequest', () => {
  it('turns the retention into cutoffs at `now`; incidents are kept when their retention is 0', () => {
    const day = 86_400_000;
    expect(buildPruneRequest({ deliveriesMs: 30 * day, incidentsMs: 90 * day }, '2026-04-01T00:00:00.000Z', 500)).toEqual({
      now: '2026-04-01T00:00:00.000Z',
      deliveriesBefore: '2026-03-02T00:00:00.000Z',
      incidentsResolvedBefore: '2026-01-01T00:00:00.000Z',
      batchSize: 500,
      incidentBatchSize: 50,
    });
    expect(buildPruneRequest({ deliveriesMs: day, incidentsMs: 0 }, '2026-04-01T00:00:00.000Z', 5)).toEqual({
      now: '2026-04-01T00:00:00.000Z',
      deliveriesBefore: '2026-03-31T00:00:00.000Z',
      batchSize: 5,
      incidentBatchSize: 1,
    });
  });
});
