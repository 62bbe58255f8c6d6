import { execFileSync } from 'node:child_process';
import { repoRoot } from '../../helpers/start-mendbot';

/** Which mendbot was measured: the commit, and how many files in src/ and integrations/ differ from it. */
export function gitState(): { commit: string; dirtyFiles: number } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src', 'integrations'], { cwd: repoRoot, encoding: 'utf8' });
    return { commit, dirtyFiles: status.split('\n').filter((l) => l.trim() !== '').length };
  } catch {
    return { commit: 'unknown', dirtyFiles: 0 };
  }
}
