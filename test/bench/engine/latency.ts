import { percentile } from '../percentile';
import { round } from '../round';
import type { Latency } from './phase-result';

/** Count, p50/p90/p99 and max of a list of milliseconds. */
export function latency(values: number[]): Latency {
  const s = [...values].sort((a, b) => a - b);
  const pct = (p: number) => round(percentile(s, p), 2);
  return { n: s.length, p50: pct(50), p90: pct(90), p99: pct(99), max: round(s[s.length - 1] ?? NaN, 2) };
}
