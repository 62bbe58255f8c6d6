/**
 * A CPU profile of mendbot under the intake benchmark's single-alert load (target 2): autocannon,
 * BENCH_CONNECTIONS connections of distinct ~2 KB single-alert bodies for BENCH_DURATION s, on a fresh
 * built mendbot with --cpu-prof. Prints the breakdown by category (summarize-cpu-profile.ts).
 *
 *   npm run build && npm run bench:profile:single [-- outDir]
 */
import fs from 'node:fs';
import path from 'node:path';
import { cannon } from './intake/cannon';
import { DistinctBodies } from './intake/distinct-bodies';
import { intakeSettings } from './intake/intake-settings';
import { log } from './intake/log';
import { withMendbot, type PhaseStorage } from './intake/with-mendbot';
import { summarizeCpuProfile } from './summarize-cpu-profile';

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, 'results', 'profiles', 'single'));
  const { connections, durationS } = intakeSettings;
  const single = new DistinctBodies('single', 60_000);
  const phases: PhaseStorage[] = [];
  fs.rmSync(dir, { recursive: true, force: true });
  await withMendbot('profile single', phases, async (mendbot) => {
    const f = await cannon({ server: 'mendbot', label: 'single', url: mendbot.url, alertsPerRequest: 1, durationS, connections, next: single.nextForCannon() });
    log(`single: ${f.reqPerSec} req/s, p99 ${f.latencyMs.p99} ms`);
  }, { cpuProfDir: dir });
  for (const f of fs.readdirSync(dir)) process.stdout.write(summarizeCpuProfile(path.join(dir, f)));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[profile] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
