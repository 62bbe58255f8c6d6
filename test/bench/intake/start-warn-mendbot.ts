import fs from 'node:fs';
import path from 'node:path';
import { startQuietMendbot, type QuietMendbot } from '../start-quiet-mendbot';
import { eventLoopProbe } from './event-loop-delay';

/**
 * A second fresh mendbot at LOG_LEVEL=warn, for measuring what logging costs side by side with the one at
 * the default level (two instances minutes apart on a shared machine differ by more than logging does).
 * Its answers are not checked against its store (the checked instance runs the same code); `stop` removes it.
 */
export async function startWarnMendbot(name: string): Promise<QuietMendbot & { remove: () => Promise<void> }> {
  const m = await startQuietMendbot({
    name,
    dataDirPrefix: 'mendbot-bench-warn-',
    playbooksDir: (dataDir) => {
      const dir = path.join(dataDir, 'no-playbooks');
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    nodeArgs: eventLoopProbe.nodeArgs,
    logToFile: true,
    // Everything as the mendbot it is compared with (with-mendbot.ts) but the level, its event-loop sampling
    // included: target 4 compares their CPU per delivery.
    env: { LOG_LEVEL: 'warn', BENCH_ELD: '1' },
  });
  return Object.assign(m, {
    remove: async () => {
      await m.stop(30_000);
      fs.rmSync(m.dataDir, { recursive: true, force: true });
    },
  });
}
