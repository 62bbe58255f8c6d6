import { performance } from 'node:perf_hooks';
import { percentile } from '../percentile';
import { round } from '../round';

export interface RequestTimes {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

/** `n` sequential GETs of `url` (after 20 warm-ups), each answer read to the end and required to be 200. */
export async function timeRequests(url: string, n: number, headers: Record<string, string> = {}): Promise<RequestTimes> {
  const once = async () => {
    const start = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return performance.now() - start;
  };
  for (let i = 0; i < 20; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50), 2), p99: round(percentile(times, 99), 2), max: round(times.at(-1)!, 2), n };
}
