import cron from 'node-cron';
import { cronForInterval } from '../../../src/wiring/cron-for-interval';

describe('cronForInterval', () => {
  it.each([
    [60_000, '0 */1 * * * *', 60_000],
    [30_000, '*/30 * * * * *', 30_000],
    [45_000, '*/30 * * * * *', 30_000],
    [1_500, '*/1 * * * * *', 1_000],
    [90_000, '0 */1 * * * *', 60_000],
    [5 * 60_000, '0 */5 * * * *', 300_000],
    [7 * 60_000, '0 */6 * * * *', 360_000],
    [2 * 3_600_000, '0 0 */2 * * *', 7_200_000],
    [5 * 3_600_000, '0 0 */4 * * *', 14_400_000],
    [3 * 86_400_000, '0 0 0 * * *', 86_400_000],
  ])('%d ms → %s (every %d ms), a schedule node-cron accepts', (ms, schedule, everyMs) => {
    expect(cronForInterval(ms)).toEqual({ schedule, everyMs });
    expect(cron.validate(schedule)).toBe(true);
  });
});
