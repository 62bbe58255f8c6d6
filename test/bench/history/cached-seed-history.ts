import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../../helpers/start-mendbot';
import { gitState } from '../intake/git-state';
import { log } from '../intake/log';
import { round } from '../round';
import { seedHistory, type SeededHistory } from './seed-history';

/**
 * seedHistory, or a copy of a store it seeded before with the same code: seeding 1,000,000 incidents takes
 * ~12 min here, copying the 2.9 GB file seconds. `cacheDir` (BENCH_HISTORY_SEED_CACHE) keeps one seeded store
 * per incident count and per version of the code that writes it: the git trees of `src/` and `integrations/` at
 * HEAD. With uncommitted changes there, nothing is reused or kept (the trees would not say what wrote the rows).
 * A reused seed reports the figures of the run that seeded it (its seeding time, bytes per incident).
 */
export async function cachedSeedHistory(dataDir: string, n: number, cacheDir: string | undefined): Promise<SeededHistory & { reused: boolean }> {
  const key = cacheDir ? codeKey() : undefined;
  if (!cacheDir || !key) return { ...(await seedHistory(dataDir, n)), reused: false };
  const entry = path.join(cacheDir, `${n}-${key}`);
  const db = path.join(entry, 'mendbot.db');
  const figures = path.join(entry, 'seeded.json');
  if (fs.existsSync(db) && fs.existsSync(figures)) {
    const started = performance.now();
    fs.mkdirSync(dataDir, { recursive: true });
    fs.copyFileSync(db, path.join(dataDir, 'mendbot.db'));
    log(`history: reused the seeded store ${entry} (copied in ${round((performance.now() - started) / 1000, 1)} s)`);
    return { ...(JSON.parse(fs.readFileSync(figures, 'utf8')) as SeededHistory), reused: true };
  }
  const seeded = await seedHistory(dataDir, n);
  fs.mkdirSync(entry, { recursive: true });
  // seedHistory ends with the WAL checkpointed and truncated: the database file alone is the whole store.
  fs.copyFileSync(path.join(dataDir, 'mendbot.db'), db);
  fs.writeFileSync(figures, JSON.stringify(seeded));
  log(`history: seeded store kept in ${entry} for the next run (BENCH_HISTORY_SEED_CACHE)`);
  return { ...seeded, reused: false };
}

/** The git trees of src/ and integrations/ at HEAD, or undefined when either has uncommitted changes. */
function codeKey(): string | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    if (gitState().dirtyFiles > 0) {
      log('history: uncommitted changes in src/ or integrations/: the seed cache is not used');
      return undefined;
    }
    return `${git('rev-parse', 'HEAD:src').slice(0, 12)}-${git('rev-parse', 'HEAD:integrations').slice(0, 12)}`;
  } catch {
    return undefined;
  }
}
