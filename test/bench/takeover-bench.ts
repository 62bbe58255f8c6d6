/**
 * Takeover benchmark: how long after a kill -9 are the dead process's runs resumed (or flagged
 * needs_attention) by the other process serving the same SQLite store?
 *
 *   npm run build && node -r @swc-node/register test/bench/takeover-bench.ts
 *
 * Each round is the scenario of test/integration/engine-durability/takeover-scenario.ts (two built servers on
 * one data directory, default MENDBOT_RUN_LEASE, BENCH_TAKEOVER_RUNS runs in flight on the first: half a
 * non-idempotent http request held open, half an idempotent wait), with the kill at a random point of the
 * lease-renewal cycle (0–1 s after every run is in flight). BENCH_TAKEOVER_KILLS rounds (default 5).
 * Prints the distribution per round and over every run; exits 1 if any run took longer than 5 s.
 */
import { distribution, measureTakeover } from '../integration/engine-durability/takeover-scenario';
import { intEnv } from './int-env';

function line(label: string, ms: number[]): string {
  const d = distribution(ms);
  return `${label.padEnd(10)} n=${String(d.n).padStart(3)}  min ${d.min} ms  median ${d.median} ms  p90 ${d.p90} ms  max ${d.max} ms`;
}

async function main(): Promise<void> {
  const kills = intEnv('BENCH_TAKEOVER_KILLS', 5);
  const runs = intEnv('BENCH_TAKEOVER_RUNS', 8);
  const all: number[] = [];
  for (let k = 1; k <= kills; k++) {
    const outcome = await measureTakeover({ perKind: Math.max(1, Math.floor(runs / 2)), tag: `B${k}`, disrupt: 'kill', delayMs: Math.floor(Math.random() * 1_000) });
    const ms = outcome.runs.map((r) => r.takeoverMs);
    all.push(...ms);
    process.stdout.write(`${line(`kill ${k}`, ms)}\n`);
    await Promise.all([outcome.slow.close(), outcome.fast.close()]);
  }
  process.stdout.write(`${line('all', all)}\n`);
  process.exitCode = all.every((ms) => ms <= 5_000) ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
