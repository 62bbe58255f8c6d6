/**
 * CPU profiles of mendbot under the intake benchmark's two storm loads, for the README's breakdown:
 *
 *   node -r @swc-node/register test/bench/profile-intake.ts [outDir]
 *
 * (1) saturating: autocannon, BENCH_CONNECTIONS connections of distinct 50-alert groups for BENCH_DURATION s;
 * (2) paced: 20 × 50-alert groups a second for BENCH_DURATION s. Each on a fresh mendbot started with
 * `--cpu-prof` (written when it stops), then summarised by summarize-cpu-profile.ts's categories (the second profile
 * of each run is the WAL checkpointer's worker thread).
 */
import fs from 'node:fs';
import path from 'node:path';
import { cannon } from './intake/cannon';
import { DistinctBodies } from './intake/distinct-bodies';
import { readEventLoopDelay } from './intake/event-loop-delay';
import { intakeSettings } from './intake/intake-settings';
import { log } from './intake/log';
import { pacedLoad } from './intake/paced-load';
import { withMendbot, type PhaseStorage } from './intake/with-mendbot';
import { summarizeCpuProfile } from './summarize-cpu-profile';

async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? path.join(__dirname, 'results', 'profiles'));
  const { connections, durationS } = intakeSettings;
  const storm = new DistinctBodies('storm', 3_000);
  const phases: PhaseStorage[] = [];
  for (const kind of ['saturating', 'paced'] as const) {
    const dir = path.join(outDir, kind);
    fs.rmSync(dir, { recursive: true, force: true });
    await withMendbot(`profile ${kind}`, phases, async (mendbot) => {
      if (kind === 'saturating') {
        const f = await cannon({ server: 'mendbot', label: kind, url: mendbot.url, alertsPerRequest: 50, durationS, connections, next: storm.nextForCannon() });
        log(`saturating: ${f.reqPerSec} req/s, p99 ${f.latencyMs.p99} ms`);
      } else {
        await readEventLoopDelay(mendbot.pid, mendbot.eldFile);
        const p = await pacedLoad(kind, mendbot.url, 20, storm.take(durationS * 20), connections);
        const eld = await readEventLoopDelay(mendbot.pid, mendbot.eldFile);
        log(`paced: p99 ${p.latencyMs.p99} ms, event-loop delay max ${eld.maxMs} ms`);
      }
    }, { cpuProfDir: dir });
    for (const f of fs.readdirSync(dir)) {
      process.stdout.write(summarizeCpuProfile(path.join(dir, f)));
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[profile] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
