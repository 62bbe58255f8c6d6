import type { LoadFigures } from './cannon';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One figure per label and server: the median of each number over the rounds; counts are summed. */
export function medianFigures(runs: LoadFigures[]): LoadFigures[] {
  const groups = new Map<string, LoadFigures[]>();
  for (const r of runs) {
    const k = `${r.label}\u0000${r.server}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const pick = (f: (l: LoadFigures) => number) => median(g.map(f));
    return {
      ...g[0]!,
      reqPerSec: pick((l) => l.reqPerSec),
      reqPerSecMean: pick((l) => l.reqPerSecMean),
      alertsPerSec: pick((l) => l.alertsPerSec),
      latencyMs: { p50: pick((l) => l.latencyMs.p50), p90: pick((l) => l.latencyMs.p90), p99: pick((l) => l.latencyMs.p99), max: pick((l) => l.latencyMs.max) },
      responses2xx: g.reduce((n, l) => n + l.responses2xx, 0),
      non2xx: g.reduce((n, l) => n + l.non2xx, 0),
      errors: g.reduce((n, l) => n + l.errors, 0),
      timeouts: g.reduce((n, l) => n + l.timeouts, 0),
    };
  });
}
