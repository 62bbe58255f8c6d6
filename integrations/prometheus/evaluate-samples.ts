import type { Expectation } from './parse-expectation';

/** One series' sample as Prometheus sent it; the value stays a string ("0.5", "NaN", "+Inf"). */
export interface Sample {
  metric: Record<string, string>;
  value: string;
}

/** What an empty result means: a failed check, a passed one, or the value 0. */
export type EmptyPolicy = 'fail' | 'pass' | 'zero';

export interface Evaluation {
  satisfied: boolean;
  /** `met`; or why not: no series, a NaN sample, or a number on the wrong side of the threshold. */
  reason: 'met' | 'empty' | 'nan' | 'not-met';
  /** Samples that did not pass (NaN included). */
  failing: Sample[];
}

/**
 * Every sample must pass. NaN never passes, not even `!= 0` (where IEEE comparison would say true): NaN
 * is usually 0/0, a ratio over no traffic, which verifies nothing. An empty result is "no series", not
 * zero (a ratio over a metric with no series returns `[]`), so the step says what it means.
 */
export function evaluateSamples(samples: Sample[], expectation: Expectation, empty: EmptyPolicy): Evaluation {
  if (samples.length === 0) {
    if (empty === 'zero') return evaluateSamples([{ metric: {}, value: '0' }], expectation, 'fail');
    return { satisfied: empty === 'pass', reason: empty === 'pass' ? 'met' : 'empty', failing: [] };
  }
  const failing = samples.filter((s) => !passes(parseSampleValue(s.value), expectation));
  if (failing.length === 0) return { satisfied: true, reason: 'met', failing };
  const nan = failing.some((s) => Number.isNaN(parseSampleValue(s.value)));
  return { satisfied: false, reason: nan ? 'nan' : 'not-met', failing };
}

/** Prometheus writes special floats as Go does: "NaN", "+Inf", "-Inf". */
function parseSampleValue(value: string): number {
  if (value === '+Inf' || value === 'Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  return Number(value);
}

function passes(value: number, { op, threshold }: Expectation): boolean {
  if (Number.isNaN(value)) return false;
  switch (op) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}
