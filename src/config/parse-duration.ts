const unitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const plainMs = /^\d+$/;
// Prometheus/Alertmanager style, so values can be copied from their configs: units may be chained
// (`1h30m`), each at most once and largest first; no decimals, no spaces between parts.
const chained = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Parses `250ms`, `30s`, `5m`, `2h`, `1d`, `1h30m`, or a plain number of milliseconds (`1500`) into
 * milliseconds. Returns undefined for anything else (negative, fractional, unknown unit, empty), so the
 * caller can say which setting was wrong.
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase();
  if (plainMs.test(value)) return toSafe(Number(value));
  const m = chained.exec(value);
  if (!m || value === '') return undefined;
  const [, d, h, min, s, ms] = m;
  const total =
    Number(d ?? 0) * unitMs.d! + Number(h ?? 0) * unitMs.h! + Number(min ?? 0) * unitMs.m! + Number(s ?? 0) * unitMs.s! + Number(ms ?? 0);
  return toSafe(total);
}

function toSafe(ms: number): number | undefined {
  return Number.isSafeInteger(ms) ? ms : undefined;
}
