/**
 * A node-cron schedule (with seconds) for "every `intervalMs`". Cron steps restart at every minute, hour and
 * day (`*\/45` fires at :00 and :45), so only an interval that divides the next unit is even: the result is
 * the longest such interval not longer than the one asked for (45 s → 30 s, 90 s → 1 min, 7 min → 6 min),
 * with `everyMs` saying what it is. Whole seconds; at most once a day.
 */
export function cronForInterval(intervalMs: number): { schedule: string; everyMs: number } {
  const seconds = Math.max(1, Math.floor(intervalMs / 1000));
  if (seconds < 60) {
    const step = longestDivisor(60, seconds);
    return { schedule: `*/${step} * * * * *`, everyMs: step * 1000 };
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const step = longestDivisor(60, minutes);
    return { schedule: `0 */${step} * * * *`, everyMs: step * 60_000 };
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const step = longestDivisor(24, hours);
    return { schedule: `0 0 */${step} * * *`, everyMs: step * 3_600_000 };
  }
  return { schedule: '0 0 0 * * *', everyMs: 86_400_000 };
}

/** The largest d ≤ max that divides unit evenly. */
function longestDivisor(unit: number, max: number): number {
  for (let d = Math.min(unit, max); d > 1; d--) if (unit % d === 0) return d;
  return 1;
}
