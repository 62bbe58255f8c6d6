import { BacktestWindowError, parseBacktestWindow } from '../../../src/backtest/parse-backtest-window';

const now = new Date('2026-03-14T12:00:00.000Z');

describe('parseBacktestWindow', () => {
  it('defaults to the last 7 days, until now', () => {
    expect(parseBacktestWindow({}, now)).toEqual({ since: '2026-03-07T12:00:00.000Z', until: '2026-03-14T12:00:00.000Z' });
  });

  it('takes durations before now and ISO times', () => {
    expect(parseBacktestWindow({ since: '30d', until: '1h30m' }, now)).toEqual({ since: '2026-02-12T12:00:00.000Z', until: '2026-03-14T10:30:00.000Z' });
    expect(parseBacktestWindow({ since: '2026-03-01', until: '2026-03-02T06:00:00Z' }, now)).toEqual({ since: '2026-03-01T00:00:00.000Z', until: '2026-03-02T06:00:00.000Z' });
  });

  it('refuses words, an empty or reversed window, and one longer than the bound, naming the field', () => {
    const refused = (input: { since?: string; until?: string }, max?: number) => {
      try {
        parseBacktestWindow(input, now, max);
      } catch (error) {
        expect(error).toBeInstanceOf(BacktestWindowError);
        return { field: (error as BacktestWindowError).field, message: (error as Error).message };
      }
      throw new Error('accepted');
    };
    expect(refused({ since: 'last week' })).toEqual({ field: 'since', message: 'since: "last week" is neither a duration (30d, 12h) nor an ISO 8601 time' });
    expect(refused({ until: 'soon' }).field).toBe('until');
    expect(refused({ since: '1h', until: '2h' }).message).toMatch(/must be before until/);
    expect(refused({ since: '91d' }, 90 * 86_400_000).message).toBe('window of 91d is longer than the 90d allowed');
    expect(parseBacktestWindow({ since: '90d' }, now, 90 * 86_400_000).since).toBe('2025-12-14T12:00:00.000Z');
  });
});
