import fs from 'node:fs';
import path from 'node:path';
import { round } from '../round';
import { startQuietMendbot, type QuietMendbot } from '../start-quiet-mendbot';
import { ackTracker } from './ack-tracker';
import { checkStored, type StoredFigures } from './check-stored';
import { eventLoopProbe } from './event-loop-delay';
import { intakeSettings } from './intake-settings';
import { log } from './log';

export type PhaseStorage = StoredFigures & { phase: string; mendbotExitCode: number | null };

/** A benchmarked mendbot: the event-loop probe preloaded, stdout to a log file in its data dir. */
export type BenchMendbot = QuietMendbot & { eldFile: string };

/**
 * Runs `fn` against a fresh mendbot, then stops it (SIGTERM) and checks its SQLite file. `env` overrides
 * its environment (e.g. LOG_LEVEL); with BENCH_CPU_PROF it writes a CPU profile there when it exits.
 */
export async function withMendbot(
  phase: string,
  phases: PhaseStorage[],
  fn: (mendbot: BenchMendbot) => Promise<void>,
  options: { env?: NodeJS.ProcessEnv; cpuProfDir?: string } = {},
): Promise<void> {
  ackTracker.reset();
  const cpuProfDir = options.cpuProfDir ?? intakeSettings.cpuProfDir;
  if (cpuProfDir) fs.mkdirSync(cpuProfDir, { recursive: true });
  const server = await startQuietMendbot({
    name: phase,
    dataDirPrefix: 'mendbot-bench-data-',
    // No playbooks unless asked for: this measures intake, and the repo's example playbooks (the default
    // ./playbooks) include an auto one that matches the storm fixture's KubePodCrashLooping alerts.
    playbooksDir: (dataDir) => {
      const dir = intakeSettings.playbooksDir ?? path.join(dataDir, 'no-playbooks');
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    nodeArgs: [...eventLoopProbe.nodeArgs, ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [])],
    logToFile: true,
    env: { LOG_LEVEL: intakeSettings.mendbotLogLevel, BENCH_ELD: '1', ...options.env },
  });
  const mendbot: BenchMendbot = Object.assign(server, { eldFile: eventLoopProbe.file(server.dataDir) });
  log(`${phase}: mendbot ${mendbot.url} (data ${mendbot.dataDir})`);
  try {
    await fn(mendbot);
    const mendbotExitCode = await mendbot.stop(30_000);
    if (mendbotExitCode !== 0) log(`mendbot exited with ${mendbotExitCode}; its output:\n${mendbot.logs.join('\n')}`);
    const stored = checkStored(path.join(mendbot.dataDir, 'mendbot.db'));
    phases.push({ phase, mendbotExitCode, ...stored });
    log(
      `${phase}: stopped (exit ${mendbotExitCode}); ${stored.acknowledgedBodies} acknowledged bodies, ` +
        `${stored.missingAcknowledged} missing, ${stored.incompleteAcknowledged} incomplete; DB ${round(stored.dbBytes / 2 ** 20, 1)} MiB`,
    );
  } finally {
    mendbot.kill();
    if (process.env.BENCH_KEEP_DATA) log(`data kept in ${mendbot.dataDir}`);
    else fs.rmSync(mendbot.dataDir, { recursive: true, force: true });
  }
}
