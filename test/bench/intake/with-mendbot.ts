import fs from 'node:fs';
import path from 'node:path';
import { round } from '../round';
import { startQuietMendbot, type QuietMendbot } from '../start-quiet-mendbot';
import { ackTracker } from './ack-tracker';
import { checkStored, type StoredFigures } from './check-stored';
import { intakeSettings } from './intake-settings';
import { log } from './log';

export type PhaseStorage = StoredFigures & { phase: string; mendbotExitCode: number | null };

/** Runs `fn` against a fresh mendbot, then stops it (SIGTERM) and checks its SQLite file. */
export async function withMendbot(phase: string, phases: PhaseStorage[], fn: (mendbot: QuietMendbot) => Promise<void>): Promise<void> {
  ackTracker.reset();
  const mendbot = await startQuietMendbot({
    name: phase,
    dataDirPrefix: 'mendbot-bench-data-',
    // No playbooks unless asked for: this measures intake, and the repo's example playbooks (the default
    // ./playbooks) include an auto one that matches the storm fixture's KubePodCrashLooping alerts.
    playbooksDir: (dataDir) => {
      const dir = intakeSettings.playbooksDir ?? path.join(dataDir, 'no-playbooks');
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
  });
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
