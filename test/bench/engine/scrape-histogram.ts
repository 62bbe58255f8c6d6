import type { Histogram } from './histogram';

/** A histogram from GET /metrics, summed over all its label sets (e.g. every status_code of the webhook duration). */
export async function scrapeHistogram(url: string, name: string): Promise<Histogram> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const byLe = new Map<number, number>();
  let count = 0;
  let sum = 0;
  for (const line of text.split('\n')) {
    const bucket = line.match(new RegExp(`^${name}_bucket\\{.*le="([^"]+)".*\\}\\s+(\\S+)`));
    if (bucket) {
      const le = bucket[1] === '+Inf' ? Infinity : Number(bucket[1]);
      byLe.set(le, (byLe.get(le) ?? 0) + Number(bucket[2]));
    }
    const c = line.match(new RegExp(`^${name}_count(?:\\{[^}]*\\})?\\s+(\\S+)`));
    if (c) count += Number(c[1]);
    const s = line.match(new RegExp(`^${name}_sum(?:\\{[^}]*\\})?\\s+(\\S+)`));
    if (s) sum += Number(s[1]);
  }
  return { buckets: [...byLe].map(([le, n]) => ({ le, count: n })).sort((a, b) => a.le - b.le), count, sum };
}
