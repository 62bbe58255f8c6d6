import fs from 'node:fs';
import path from 'node:path';

/** What ../event-loop-probe.cjs measured in mendbot since the previous read (ms). */
export interface EventLoopDelay {
  count: number;
  maxMs: number;
  p99Ms: number;
  p50Ms: number;
  meanMs: number;
}

/** Node flags and environment that load the probe into a mendbot whose data dir is `dataDir`. */
export const eventLoopProbe = {
  nodeArgs: ['-r', path.join(__dirname, '..', 'event-loop-probe.cjs')],
  file: (dataDir: string) => path.join(dataDir, 'event-loop-delay.json'),
};

/** Signals the probe (SIGUSR2) and waits for its report: the delay since the previous call, then reset. */
export async function readEventLoopDelay(pid: number, file: string): Promise<EventLoopDelay> {
  const before = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { seq: number }).seq : 0;
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 5_000;
  for (;;) {
    if (fs.existsSync(file)) {
      const r = JSON.parse(fs.readFileSync(file, 'utf8')) as EventLoopDelay & { seq: number };
      if (r.seq > before) return { count: r.count, maxMs: r.maxMs, p99Ms: r.p99Ms, p50Ms: r.p50Ms, meanMs: r.meanMs };
    }
    if (Date.now() > deadline) throw new Error('event-loop probe did not answer within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
